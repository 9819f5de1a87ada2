/**
 * Our WGSL kernels on the webgpu backend (SwiftShader on CPU machines) against the composite
 * tfjs ops on `cpu`: fused BatchNorm + activation, activations and the star op with their
 * gradients (through tf.grad), SGD and EMA (bitwise or 1 ulp), MaxPoolGrad (PyTorch's first-max
 * tie rule) and rank-5/6 PadV2. Awkward shapes: C = 3, 13; odd N*H*W; batch > 1; several blocks.
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { activation, batchNormTrain, emaUpdate, sgdUpdate, star, FUSED_KERNELS, type ActName } from '../../runtime/nn/fused_ops.js';
import { isOurWebgpuKernel, WEBGPU_FUSED_KERNELS } from '../../runtime/backend/webgpu/fused.js';
import { lastOptimDispatches, tensorsPerDispatch } from '../../runtime/backend/webgpu/fused_optim.js';
import { webgpuDevice } from '../../runtime/backend/webgpu/index.js';
import { maxRelDiff, randomData, runOn, useWebgpu } from '../helpers/webgpu.js';

let gpu = false;
before(async () => { gpu = await useWebgpu(); });

interface ErrorScopes { pushErrorScope(f: string): void; popErrorScope(): Promise<{ message: string } | null> }

/** runOn('webgpu', fn), failing on any WebGPU validation error (an invalid shader or binding is
 * otherwise only printed, and its outputs are garbage). */
async function onGpu(fn: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await useWebgpu();
  const dev = webgpuDevice() as unknown as ErrorScopes;
  dev.pushErrorScope('validation');
  const out = await runOn('webgpu', fn);
  const err = await dev.popErrorScope();
  assert.equal(err?.message, undefined, 'WebGPU validation error');
  return out;
}

/** Runs `fn` on webgpu (fused kernels) and on cpu (composite ops, YOLOC_FUSED=0). */
async function both(fn: () => tf.Tensor[]): Promise<{ gpu: Float32Array[]; cpu: Float32Array[] }> {
  const g = await onGpu(fn);
  process.env.YOLOC_FUSED = '0';
  try {
    return { gpu: g, cpu: await runOn('cpu', fn) };
  } finally {
    delete process.env.YOLOC_FUSED;
  }
}

function close(name: string, got: Float32Array[], want: Float32Array[], tol: number): void {
  assert.equal(got.length, want.length);
  got.forEach((g, i) => {
    const d = maxRelDiff(g, want[i]!);
    assert.ok(d <= tol, `${name} output ${i}: max rel diff ${d} > ${tol}`);
  });
}

/** Largest distance in units in the last place between two float32 arrays. */
function maxUlp(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  const ia = new Int32Array(a.buffer, a.byteOffset, a.length), ib = new Int32Array(b.buffer, b.byteOffset, b.length);
  const key = (v: number): number => (v < 0 ? -(v & 0x7fffffff) : v);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(key(ia[i]!) - key(ib[i]!)));
  return m;
}

const t4 = (shape: number[], seed: number, scale = 1, shift = 0): tf.Tensor4D =>
  tf.tensor<tf.Rank>(randomData(shape.reduce((a, b) => a * b, 1), seed).map((v) => v * scale + shift), shape) as tf.Tensor4D;

it('the webgpu backend runs our kernels (fused ops, MaxPoolGrad, PadV2)', (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  for (const name of WEBGPU_FUSED_KERNELS) assert.ok(isOurWebgpuKernel(name), `${name} on webgpu is not ours`);
  assert.ok(WEBGPU_FUSED_KERNELS.includes(FUSED_KERNELS.bnTrainGrad));
});

it('activations and star, with gradients, equal the composite ops (odd sizes and vec4)', { timeout: 120_000 }, async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const acts: ActName[] = ['relu', 'relu6', 'silu'];
  for (const shape of [[2, 3, 5, 3], [1, 4, 3, 8]]) {
    const r = await both(() => {
      const x = t4(shape, 1, 8), b = t4(shape, 2), dy = t4(shape, 3);
      const out: tf.Tensor[] = [];
      for (const act of acts) {
        out.push(activation(x, act));
        out.push(tf.grad((v: tf.Tensor) => tf.sum(tf.mul(activation(v, act), dy)))(x));
      }
      out.push(star(x, b));
      const [da, db] = tf.grads((a: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(star(a, bb), dy)))([x, b]);
      out.push(da!, db!);
      return out;
    });
    close(`activations/star ${shape}`, r.gpu, r.cpu, 1e-5);
  }
});

it('ReLU6 and star gradients follow PyTorch at 0 and 6; ReLU at 0', async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const [relu6, relu, da] = await onGpu(() => {
    const x = tf.tensor([-1, 0, 3, 6, 7]);
    const dy = tf.ones([5]);
    return [
      tf.grad((v: tf.Tensor) => tf.sum(tf.mul(activation(v, 'relu6'), dy)))(x),
      tf.grad((v: tf.Tensor) => tf.sum(tf.mul(activation(v, 'relu'), dy)))(x),
      tf.grad((v: tf.Tensor) => tf.sum(star(v, tf.fill([5], 2))))(x),
    ];
  });
  assert.deepEqual([...relu6!], [0, 0, 1, 0, 0]);
  assert.deepEqual([...relu!], [0, 0, 1, 1, 1]);
  assert.deepEqual([...da!], [0, 0, 2, 0, 0]);
});

it('training BatchNorm + activation and its gradient equal the composite ops', { timeout: 180_000 }, async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  // [shape, act]: C = 64 (258 blocks: the fold's strided loop), C = 3 (several blocks: 2175 rows), 13 (odd rows, 2 blocks), 8 (vec4), 1.
  const cases: [number[], ActName][] = [[[2, 64, 129, 64], 'relu'], [[3, 25, 29, 3], 'silu'], [[2, 9, 17, 13], 'relu6'], [[1, 7, 3, 13], 'linear'],
    [[2, 4, 5, 8], 'relu'], [[2, 3, 3, 1], 'silu']];
  for (const [shape, act] of cases) {
    const c = shape[3]!;
    const r = await both(() => {
      const x = t4(shape, 4, 2, 5); // mean 5: the variance must not cancel
      const gamma = tf.tensor1d(randomData(c, 5).map((v) => v + 1.5)), beta = tf.tensor1d(randomData(c, 6));
      const dy = t4(shape, 7);
      const { y, mean, variance } = batchNormTrain(x, gamma, beta, 1e-3, act);
      const grads = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(batchNormTrain(a as tf.Tensor4D, g, b, 1e-3, act).y, dy)))([x, gamma, beta]);
      return [y, mean, variance, ...grads];
    });
    close(`batchNormTrain ${shape} ${act}`, r.gpu, r.cpu, 2e-5);
  }
});

it('BatchNorm is deterministic (bitwise equal over runs) and frees its GPU temporaries', async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const run = (): Promise<Float32Array[]> => onGpu(() => {
    const x = t4([2, 31, 37, 13], 8), dy = t4([2, 31, 37, 13], 9);
    const { y, mean, variance } = batchNormTrain(x, tf.ones([13]), tf.zeros([13]), 1e-5, 'silu');
    const dx = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(batchNormTrain(v as tf.Tensor4D, tf.ones([13]), tf.zeros([13]), 1e-5, 'silu').y, dy)))(x);
    return [y, mean, variance, dx];
  });
  const bytes = (): number => (tf.memory() as { numBytesInGPU?: number }).numBytesInGPU ?? NaN;
  const a = await run();
  const used = bytes();
  const b = await run();
  assert.equal(bytes(), used, 'GPU bytes in use grew between identical runs');
  a.forEach((v, i) => assert.equal(maxUlp(v, b[i]!), 0));
});

/** The per-parameter ops of runtime/engine/sgd.ts (the composite path). */
function sgdComposite(p: tf.Tensor, g: tf.Tensor, buf: tf.Tensor | null, h: { lr: number; momentum: number; weightDecay: number; nesterov: boolean }): tf.Tensor[] {
  let d = g;
  if (h.weightDecay !== 0) d = tf.add(d, tf.mul(p, h.weightDecay));
  let next: tf.Tensor | null = null;
  if (h.momentum !== 0) {
    next = tf.add(tf.mul(buf!, h.momentum), d);
    d = h.nesterov ? tf.add(d, tf.mul(next, h.momentum)) : next;
  }
  return next ? [tf.sub(p, tf.mul(d, h.lr)), next] : [tf.sub(p, tf.mul(d, h.lr))];
}

const SIZES = [[3], [13], [2, 3, 3, 5], [7, 1], [1001], [4], [9, 2]];

it('SGD over a parameter group equals the per-parameter ops within 1 ulp, in ceil(n / k) dispatches', { timeout: 120_000 }, async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const limit = webgpuDevice()!.limits.maxStorageBuffersPerShaderStage!;
  const hypers = [{ lr: 0.01, momentum: 0.937, weightDecay: 5e-4, nesterov: true },
    { lr: 0.1, momentum: 0.9, weightDecay: 0, nesterov: false }, { lr: 0.03, momentum: 0, weightDecay: 1e-3, nesterov: false }];
  for (const h of hypers) {
    const inputs = (): tf.Tensor[][] => SIZES.map((s, i) => [t4(s, 10 + i), t4(s, 20 + i, 0.1), t4(s, 30 + i, 0.1)]);
    const g = await onGpu(() => {
      const xs = inputs();
      const r = sgdUpdate(xs.map((v) => v[0]!), xs.map((v) => v[1]!), h.momentum !== 0 ? xs.map((v) => v[2]!) : [], h);
      assert.ok(r, 'the fused SGD path did not run on webgpu');
      return [...r.params, ...r.bufs];
    });
    const perDispatch = tensorsPerDispatch(h.momentum !== 0 ? 5 : 3, limit);
    // SwiftShader's limit of 12: 2 parameters (momentum) or 4 per dispatch; a 96-buffer GPU: 19 or 32.
    assert.deepEqual([tensorsPerDispatch(5, 12), tensorsPerDispatch(3, 12), tensorsPerDispatch(5, 96), tensorsPerDispatch(3, 96)], [2, 4, 19, 32]);
    assert.equal(lastOptimDispatches, Math.ceil(SIZES.length / perDispatch));
    const c = await runOn('cpu', () => {
      const outs = inputs().map(([p, gr, b]) => sgdComposite(p!, gr!, b!, h));
      return [...outs.map((o) => o[0]!), ...(h.momentum !== 0 ? outs.map((o) => o[1]!) : [])];
    });
    assert.equal(g.length, c.length);
    const ulp = Math.max(...g.map((v, i) => maxUlp(v, c[i]!)));
    assert.ok(ulp <= 1, `SGD ${JSON.stringify(h)}: ${ulp} ulp`);
    if (ulp > 0) t.diagnostic(`SGD ${JSON.stringify(h)}: ${ulp} ulp (fma contraction?)`);
  }
});

it('EMA over many tensors equals avg * (1 - m) + src * m within 1 ulp', async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const m = 0.0123;
  const inputs = (): tf.Tensor[][] => SIZES.map((s, i) => [t4(s, 40 + i), t4(s, 50 + i)]);
  const g = await onGpu(() => {
    const xs = inputs();
    const r = emaUpdate(xs.map((v) => v[0]!), xs.map((v) => v[1]!), m);
    assert.ok(r, 'the fused EMA path did not run on webgpu');
    return r;
  });
  assert.equal(lastOptimDispatches, Math.ceil(SIZES.length / tensorsPerDispatch(3, webgpuDevice()!.limits.maxStorageBuffersPerShaderStage!)));
  const c = await runOn('cpu', () => inputs().map(([a, s]) => tf.add(tf.mul(a!, 1 - m), tf.mul(s!, m))));
  const ulp = Math.max(...g.map((v, i) => maxUlp(v, c[i]!)));
  assert.ok(ulp <= 1, `EMA: ${ulp} ulp`);
});

it('MaxPoolGrad gives each window\'s gradient to its first maximum (plateaus), as tfjs-cpu and PyTorch', async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  // Values on a coarse grid: many ties. SPPF's 5x5 / 1 / pad 2, and 3x3 / 2 / valid.
  const cases: [number[], number, number, 'same' | 'valid'][] = [[[2, 7, 6, 3], 5, 1, 'same'], [[1, 9, 8, 5], 3, 2, 'valid']];
  for (const [shape, k, s, pad] of cases) {
    const r = await both(() => {
      const x = tf.round(tf.mul(t4(shape, 60), 2)) as tf.Tensor4D;
      const chain = (v: tf.Tensor4D): tf.Tensor4D => tf.maxPool(tf.maxPool(v, k, 1, 'same'), k, s, pad);
      const dy = t4(chain(x).shape, 61);
      return [tf.grad((v: tf.Tensor) => tf.sum(tf.mul(chain(v as tf.Tensor4D), dy)))(x)];
    });
    // tfjs-cpu sums a position's gradients in double (a few ulp from our float sum); a
    // gradient given to the wrong maximum would be off by O(1).
    close(`MaxPoolGrad ${shape} k${k} s${s} ${pad}`, r.gpu, r.cpu, 1e-6);
  }
});

it('PadV2 of rank 5 and 6 (float32, int32) equals cpu; rank 4 still pads', async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const r = await both(() => [
    tf.pad(t4([2, 3, 1, 4, 5], 70), [[0, 1], [2, 0], [1, 1], [0, 0], [3, 2]], 0.5),
    tf.cast(tf.pad(tf.cast(tf.mul(t4([1, 2, 3, 2, 1, 3], 71), 9), 'int32'), [[1, 0], [0, 0], [0, 2], [1, 1], [0, 0], [0, 1]], -7), 'float32'),
    tf.pad(t4([2, 3, 4, 5], 72), [[0, 0], [1, 2], [0, 1], [0, 0]]),
    // The slice gradient of a 5-D tensor is a rank-5 pad (the YOLOv5 loss).
    tf.grad((v: tf.Tensor) => tf.sum(tf.slice(v, [0, 1, 0, 0, 2], [2, 1, 2, 3, 3])))(t4([2, 3, 2, 3, 7], 73)),
  ]);
  r.gpu.forEach((v, i) => assert.equal(maxUlp(v, r.cpu[i]!), 0, `pad ${i}`));
});
