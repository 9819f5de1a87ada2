/**
 * Every SIMD level's primitives against the portable level, on awkward shapes (odd sizes,
 * channels not multiples of 16, stride 2, explicit pads, dilation, batch > 1, K deeper than a
 * panel, B wider than L2), forward and backward: dense and depthwise convs with each epilogue,
 * matmul, the fused BatchNorm / activation / star kernels. Each level is deterministic: the same
 * bits run to run and on one thread. Levels this CPU (or OS) cannot run are skipped, saying so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rand, setUp, tf } from './helpers.js';
import { SIMD_LEVELS } from '../../runtime/backend/native/addon.js';
import { activation, batchNormTrain, star } from '../../runtime/nn/fused_ops.js';

type T4 = tf.Tensor4D;

/** Every primitive once, on native: outputs and gradients as arrays. */
function workload(): Float32Array[] {
  return tf.tidy(() => {
    const out: tf.Tensor[] = [];
    const convs: [number[], number[], number, 'same' | 'valid' | number, number][] = [
      [[2, 9, 11, 5], [3, 3, 5, 37], 2, 'same', 1],
      [[1, 13, 7, 40], [1, 1, 40, 33], 1, 'valid', 1],
      [[3, 6, 10, 17], [3, 3, 17, 20], 1, 'valid', 1],
      [[1, 12, 9, 3], [6, 6, 3, 7], 2, 2, 1],
      [[1, 5, 5, 300], [3, 3, 300, 40], 1, 'same', 1],
      [[1, 3, 5, 192], [1, 1, 192, 400], 1, 'valid', 1],
      [[1, 9, 9, 4], [3, 3, 4, 18], 1, 'same', 2],
      [[2, 40, 36, 24], [3, 3, 24, 48], 1, 'same', 1],
    ];
    convs.forEach(([xs, ws, s, pad, d], i) => {
      const x = tf.mul(rand(xs, i), 2) as T4, w = rand(ws, 20 + i) as T4;
      out.push(tf.conv2d(x, w, s, pad, 'NHWC', d));
      if (d === 1) {
        const r = rand(tf.conv2d(x, w, s, pad).shape, 40 + i);
        out.push(...tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as T4, b as T4, s, pad), r)))([x, w]));
      }
    });
    (['relu', 'relu6', 'sigmoid', 'leakyrelu', 'silu'] as const).forEach((act, i) => {
      out.push(tf.fused.conv2d({ x: tf.mul(rand([2, 7, 9, 21], 60 + i), 3) as T4, filter: rand([3, 3, 21, 19], 70 + i) as T4,
        strides: 1, pad: 'same', bias: rand([19], 80 + i), activation: act as 'relu', leakyreluAlpha: 0.1 }));
    });
    const dws: [number[], number, number, 'same' | 'valid' | number, number, number][] = [
      [[2, 9, 11, 40], 7, 1, 'same', 1, 1], [[1, 8, 8, 19], 3, 2, 'valid', 1, 1], [[3, 7, 6, 33], 3, 2, 'same', 1, 1],
      [[1, 10, 9, 7], 5, 1, 1, 1, 1], [[1, 9, 9, 24], 3, 1, 'same', 2, 1], [[1, 6, 7, 3], 3, 1, 'same', 1, 2],
      [[2, 20, 17, 48], 7, 1, 3, 1, 1],
    ];
    dws.forEach(([xs, k, s, pad, d, mult], i) => {
      const x = rand(xs, 100 + i) as T4, w = rand([k, k, xs[3]!, mult], 110 + i) as T4;
      out.push(tf.depthwiseConv2d(x, w, s, pad, 'NHWC', d));
      out.push(tf.fused.depthwiseConv2d({ x, filter: w, strides: s, pad, dilations: d, bias: rand([xs[3]! * mult], 120 + i), activation: 'relu6' }));
      if (d === 1) {
        const r = rand(tf.depthwiseConv2d(x, w, s, pad).shape, 130 + i);
        out.push(...tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.depthwiseConv2d(a as T4, b as T4, s, pad), r)))([x, w]));
      }
    });
    out.push(tf.matMul(rand([3, 17, 33], 140), rand([33, 21], 141)));
    out.push(tf.matMul(rand([2, 33, 17], 142), rand([2, 21, 33], 143), true, true));
    const x = tf.mul(rand([2, 5, 7, 37], 150), 3) as T4, gamma = rand([37], 151), beta = rand([37], 152);
    for (const act of ['linear', 'relu6', 'silu'] as const) {
      const r = rand([2, 5, 7, 37], 153);
      out.push(...tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(batchNormTrain(a as T4, g, b, 1e-3, act).y, r)))([x, gamma, beta]));
      out.push(...tf.grads((a: tf.Tensor) => tf.sum(tf.mul(activation(a, act), r)))([x]));
    }
    const a = tf.mul(rand([3, 5, 11, 19], 160), 8), b = rand([3, 5, 11, 19], 161);
    out.push(...tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(star(p, q), b)))([a, b]));
    return out.map((t) => Float32Array.from(t.dataSync()));
  });
}

function close(got: Float32Array[], want: Float32Array[], label: string, tol: number): void {
  assert.equal(got.length, want.length);
  got.forEach((g, k) => {
    let scale = 1e-6;
    for (const v of want[k]!) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < g.length; i++) {
      if (!(Math.abs(g[i]! - want[k]![i]!) <= tol * scale)) assert.fail(`${label}: output ${k}[${i}] ${g[i]} vs portable ${want[k]![i]} (scale ${scale})`);
    }
  });
}

function bitwise(got: Float32Array[], want: Float32Array[], label: string): void {
  got.forEach((g, k) => {
    for (let i = 0; i < g.length; i++) if (!Object.is(g[i], want[k]![i])) assert.fail(`${label}: output ${k}[${i}] ${g[i]} vs ${want[k]![i]}`);
  });
}

test('each SIMD level equals the portable kernels (forward and gradients) and is deterministic', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  await tf.setBackend('native');
  const have = addon.info().simdLevels ?? [addon.info().simd];
  addon.setSimd('generic');
  const portable = workload();
  addon.setSimd('auto');
  for (const level of SIMD_LEVELS) {
    await t.test(level, (st) => {
      if (!have.includes(level)) return st.skip(`this CPU (or OS) cannot run ${level}: it has ${have.join(', ')}`);
      const threads = addon.info().threads;
      try {
        assert.equal(addon.setSimd(level), true);
        assert.equal(addon.info().simd, level);
        const got = workload();
        close(got, portable, level, 2e-4);
        bitwise(workload(), got, `${level} run to run`);
        addon.setThreads(1);
        bitwise(workload(), got, `${level} on one thread`);
      } finally {
        addon.setThreads(threads);
        addon.setSimd('auto');
      }
    });
  }
});

test('setSimd refuses unknown levels and ones the CPU lacks; info() lists what it has', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  const info = addon.info();
  assert.ok(info.simdLevels!.includes('generic'));
  assert.equal(info.simd, process.env.YOLOC_SIMD && info.simdLevels!.includes(process.env.YOLOC_SIMD) ? process.env.YOLOC_SIMD : info.simdLevels!.at(-1));
  assert.equal(addon.setSimd('sse9' as 'generic'), false);
  assert.equal(addon.info().simd, info.simd);
  for (const level of SIMD_LEVELS) assert.equal(addon.setSimd(level), info.simdLevels!.includes(level));
  addon.setSimd('auto');
  assert.equal(addon.info().simd, info.simd);
});
