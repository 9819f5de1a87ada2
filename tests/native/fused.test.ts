/**
 * The fused training ops (runtime/nn/fused_ops.ts): on native they run the addon's fused
 * kernels, on cpu the composite chain of stock ops. Values and gradients must agree, the native
 * path must really be the fused one, and its bits must not depend on the thread count.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activation, batchNormTrain, star } from '../../runtime/nn/fused_ops.js';
import type { ActName } from '../../runtime/nn/fused_ops.js';
import { assertSameOnBoth, countAddonCalls, rand, runOn, setUp, tf } from './helpers.js';

const ACTS: ActName[] = ['linear', 'relu', 'relu6', 'silu'];
// Odd channel counts (not multiples of 8), one channel, several row blocks (rows > 16K / c).
const SHAPES: number[][] = [[2, 5, 7, 3], [1, 1, 2, 1], [3, 9, 11, 37], [2, 40, 40, 24], [1, 3, 2, 130]];

/** BN(+act) output, statistics, and gradients of a weighted sum w.r.t. x, gamma and beta. */
function bnCase(shape: number[], act: ActName, seed: number): () => tf.Tensor[] {
  return () => {
    const c = shape[3]!;
    // A channel offset (like real activations) checks the two-pass variance.
    const x = tf.add(tf.mul(rand(shape, seed), 3), tf.mul(rand([c], seed + 1), 5)) as tf.Tensor4D;
    const gamma = tf.add(rand([c], seed + 2), 1.2), beta = rand([c], seed + 3);
    const w = rand(shape, seed + 4);
    const f = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Scalar =>
      tf.sum(tf.mul(batchNormTrain(a as tf.Tensor4D, g, b, 1e-3, act).y, w));
    const { y, mean, variance } = batchNormTrain(x, gamma, beta, 1e-3, act);
    return [y, mean, variance, ...tf.grads(f)([x, gamma, beta])];
  };
}

test('fused training BatchNorm + activation equals the composite ops (values and gradients)', async () => {
  await setUp();
  let seed = 10;
  for (const shape of SHAPES) {
    for (const act of ACTS) {
      // Float sums over n rows in another order; with n = 2 the input gradient is a small
      // difference of O(1) terms, so the floor is relative to those terms.
      const n = shape[0]! * shape[1]! * shape[2]!;
      assertSameOnBoth(bnCase(shape, act, seed += 10), `bn ${shape.join('x')} ${act}`, n < 8 ? 1e-3 : Math.max(1e-4, 5e-6 * Math.sqrt(n)));
    }
  }
});

test('fused activations and the star op equal the composite ops (values and gradients)', async () => {
  await setUp();
  for (const shape of [[2, 5, 7, 3], [1, 33, 31, 24]]) {
    for (const act of ACTS) {
      assertSameOnBoth(() => {
        const x = tf.mul(rand(shape, 1), 8); // covers both relu6 corners
        const w = rand(shape, 2);
        return [activation(x, act), tf.grad((a: tf.Tensor) => tf.sum(tf.mul(activation(a, act), w)))(x)];
      }, `act ${act} ${shape.join('x')}`, 1e-5);
    }
    assertSameOnBoth(() => {
      const a = tf.mul(rand(shape, 3), 8), b = rand(shape, 4), w = rand(shape, 5);
      return [star(a, b), ...tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(star(p, q), w)))([a, b])];
    }, `star ${shape.join('x')}`, 1e-6);
  }
});

test('native runs the fused kernels (one kernel call per BatchNorm forward and backward)', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  await tf.setBackend('native');
  const run = bnCase([2, 6, 6, 8], 'silu', 7);
  assert.equal(countAddonCalls(addon, 'bnTrain', () => { tf.tidy(run); }), 2);
  assert.equal(countAddonCalls(addon, 'bnTrainGrad', () => { tf.tidy(run); }), 1);
  assert.equal(countAddonCalls(addon, 'starGrad', () => {
    tf.tidy(() => tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(star(p, q)))([rand([4], 1), rand([4], 2)]));
  }), 1);
});

test('fused kernels give the same bits with 1 thread, all threads and portable SIMD', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  const threads = addon.info().threads;
  const run = bnCase([2, 40, 40, 24], 'silu', 3);
  const ref = runOn('native', run);
  try {
    addon.setThreads(1);
    const one = runOn('native', run);
    ref.forEach((v, i) => assert.deepEqual(one[i], v, `output ${i} differs with 1 thread`));
    addon.setSimd('generic');
    const generic = runOn('native', run);
    // Portable code rounds differently (no FMA): close, not bitwise.
    ref.forEach((v, i) => v.forEach((e, j) => assert.ok(Math.abs(generic[i]![j]! - e) <= 1e-3 * (1 + Math.abs(e)), `generic output ${i}[${j}]`)));
  } finally {
    addon.setSimd('auto');
    addon.setThreads(threads);
  }
});

test('YOLOC_FUSED=0 turns the fused path off (composite chain on native)', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  await tf.setBackend('native');
  process.env.YOLOC_FUSED = '0';
  try {
    assert.equal(countAddonCalls(addon, 'bnTrain', () => { tf.tidy(bnCase([1, 4, 4, 2], 'relu6', 1)); }), 0);
  } finally {
    delete process.env.YOLOC_FUSED;
  }
});

test('eval ConvModule on native runs conv + BN + SiLU as one fused conv, equal to cpu', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  const { ConvModule } = await import('../../runtime/modules/conv_module.js');
  const m = new ConvModule(5, 11, 3, 2, 1);
  // Non-trivial BN statistics so the folding matters.
  m.bn.runningMean.assign(rand([11], 1));
  m.bn.runningVar.assign(tf.add(tf.abs(rand([11], 2)), 0.5));
  m.bn.weight.assign(rand([11], 3));
  m.bn.bias.assign(rand([11], 4));
  const run = (): tf.Tensor => m.forward(tf.mul(rand([2, 13, 9, 5], 5), 3) as tf.Tensor4D, false);
  assertSameOnBoth(run, 'ConvModule eval', 1e-5);
  await tf.setBackend('native');
  assert.equal(countAddonCalls(addon, 'act', () => { tf.tidy(run); }), 0, 'SiLU ran as a separate kernel');
  assert.equal(countAddonCalls(addon, 'conv2d', () => { tf.tidy(run); }), 1);
});
