/**
 * Our convolution-gradient kernels (runtime/backend/kernels) against tfjs-backend-cpu's own:
 * random shapes with stride 1 and 2, odd sizes, explicit and 'same'/'valid' padding. On cpu
 * the functions are compared directly with cpu's kernels; on wasm, where they are registered
 * because wasm lacks them, whole tf.grads results are compared with cpu's; so are gradients
 * through chained max pools with ties (wasm's MaxPoolGrad is replaced by ours).
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend, tf } from '../../runtime/index.js';
import { conv2dBackpropFilter, depthwiseBackpropFilter, depthwiseBackpropInput } from '../../runtime/backend/kernels/conv_grads.js';
import { PROVIDED_KERNELS } from '../../runtime/backend/kernels/index.js';
import { maxAbsDiff } from './helpers.js';

interface Case { n: number; h: number; w: number; ci: number; co: number; k: number; s: number; pad: 'valid' | 'same' | number }
const CASES: Case[] = [
  { n: 2, h: 9, w: 7, ci: 3, co: 4, k: 3, s: 2, pad: 1 },
  { n: 1, h: 8, w: 8, ci: 4, co: 5, k: 3, s: 2, pad: 1 },
  { n: 1, h: 11, w: 10, ci: 2, co: 3, k: 6, s: 2, pad: 2 },
  { n: 2, h: 7, w: 9, ci: 5, co: 5, k: 7, s: 1, pad: 3 },
  { n: 1, h: 6, w: 5, ci: 3, co: 2, k: 1, s: 1, pad: 0 },
  { n: 1, h: 10, w: 9, ci: 4, co: 4, k: 3, s: 2, pad: 'same' },
  { n: 1, h: 9, w: 9, ci: 3, co: 3, k: 3, s: 2, pad: 'valid' },
];

/** Seeded inputs so both backends see the same numbers. */
function data(c: Case, depthwise: boolean) {
  const x = tf.randomNormal([c.n, c.h, c.w, c.ci], 0, 1, 'float32', 1) as tf.Tensor4D;
  const f = tf.randomNormal(depthwise ? [c.k, c.k, c.ci, 1] : [c.k, c.k, c.ci, c.co], 0, 1, 'float32', 2) as tf.Tensor4D;
  return { x, f };
}

/** Gradients of sum(conv(x, f) * r) for a fixed r, as flat arrays [dx, df]. */
function grads(c: Case, depthwise: boolean): Float32Array[] {
  return tf.tidy(() => {
    const { x, f } = data(c, depthwise);
    const conv = (a: tf.Tensor4D, b: tf.Tensor4D) => depthwise ? tf.depthwiseConv2d(a, b, c.s, c.pad) : tf.conv2d(a, b, c.s, c.pad);
    const r = tf.randomNormal(conv(x, f).shape, 0, 1, 'float32', 3);
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), r)));
    return g([x, f]).map((t) => t.dataSync() as Float32Array);
  });
}

function close(name: string, got: ArrayLike<number>, want: ArrayLike<number>): void {
  const { max, at } = maxAbsDiff(got, want);
  assert.ok(max <= 1e-4, `${name}: max |diff| ${max} at ${at}`);
}

/** Gradients through chained 5x5 stride-1 max pools (SPPF) of an input full of ties. */
function poolGrads(): Float32Array {
  return tf.tidy(() => {
    const x = tf.floor(tf.mul(tf.randomUniform([2, 9, 7, 3], 0, 1, 'float32', 6), 4)) as tf.Tensor4D;
    const r = tf.randomNormal([2, 9, 7, 3], 0, 1, 'float32', 7);
    const mp = (t: tf.Tensor4D) => tf.maxPool(t, 5, 1, 'same');
    const g = tf.grads((a: tf.Tensor) => tf.sum(tf.mul(mp(mp(mp(a as tf.Tensor4D))), r)));
    return g([x])[0]!.dataSync() as Float32Array;
  });
}

const label = (c: Case) => `${c.n}x${c.h}x${c.w}x${c.ci}->${c.co} k${c.k} s${c.s} pad ${c.pad}`;
const cpuTruth = new Map<string, Float32Array[]>();

before(async () => {
  await selectBackend('cpu', { quiet: true });
  cpuTruth.set('pool', [poolGrads()]);
  for (const c of CASES) {
    cpuTruth.set(`conv ${label(c)}`, grads(c, false));
    cpuTruth.set(`dw ${label(c)}`, grads(c, true));
  }
});

it('on cpu, our formulations equal the cpu kernels', () => {
  for (const c of CASES) {
    tf.tidy(() => {
      const { x, f } = data(c, false);
      const y = tf.conv2d(x, f, c.s, c.pad);
      const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 4) as tf.Tensor4D;
      const wantF = tf.grads((b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, b as tf.Tensor4D, c.s, c.pad), dy)))([f]);
      close(`conv filter ${label(c)}`, conv2dBackpropFilter(x, dy, f.shape, c.s, c.pad).dataSync(), wantF[0]!.dataSync());
      const d = data(c, true);
      const yd = tf.depthwiseConv2d(d.x, d.f, c.s, c.pad);
      const dyd = tf.randomNormal(yd.shape, 0, 1, 'float32', 5) as tf.Tensor4D;
      const want = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad), dyd)))([d.x, d.f]);
      close(`dw input ${label(c)}`, depthwiseBackpropInput(d.x.shape, dyd, d.f, c.s, c.pad).dataSync(), want[0]!.dataSync());
      close(`dw filter ${label(c)}`, depthwiseBackpropFilter(d.x, dyd, d.f.shape, c.s, c.pad).dataSync(), want[1]!.dataSync());
    });
  }
});

it('on wasm, training gradients through our registered kernels equal cpu', async () => {
  await selectBackend('wasm', { quiet: true });
  for (const k of PROVIDED_KERNELS) assert.ok(tf.getKernel(k, 'wasm'), `${k} registered for wasm`);
  for (const c of CASES) {
    for (const kind of ['conv', 'dw'] as const) {
      const [dx, df] = grads(c, kind === 'dw');
      const [wx, wf] = cpuTruth.get(`${kind} ${label(c)}`)!;
      close(`${kind} dx ${label(c)}`, dx!, wx!);
      close(`${kind} dfilter ${label(c)}`, df!, wf!);
    }
  }
  // cpu sends each window's gradient to its first maximum, as PyTorch does.
  close('chained max pools with ties', poolGrads(), cpuTruth.get('pool')![0]!);
});
