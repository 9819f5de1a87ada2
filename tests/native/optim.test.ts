/**
 * The fused optimizer kernels (one addon call per SGD group / per EMA update) against the
 * per-parameter tfjs ops they replace: bitwise equal over several steps, on native.
 */
import { test } from 'node:test';
import { BatchNorm2d, applyBatchNormUpdates } from '../../runtime/nn/batchnorm.js';
import assert from 'node:assert/strict';
import { SGD } from '../../runtime/engine/sgd.js';
import type { ParamGroup } from '../../runtime/engine/sgd.js';
import { ExpMomentumEMA } from '../../runtime/engine/ema.js';
import { countAddonCalls, rand, setUp, tf } from './helpers.js';

const SHAPES = [[3, 3, 4, 5], [7], [1], [2, 9]];

/** Runs 4 SGD steps (3 groups: decay+Nesterov, momentum only, plain) and 4 EMA updates. */
function run(): Float32Array[] {
  const params = new Map(SHAPES.map((s, i) => [`p${i}`, tf.variable(tf.mul(rand(s, i + 1), 2), true, `opt-test-p${i}-${Math.random()}`)]));
  const group = (names: string[], momentum: number, weightDecay: number, nesterov: boolean): ParamGroup =>
    ({ names, lr: 0.01, momentum, weightDecay, nesterov, initialLr: 0.01, initialMomentum: momentum });
  const sgd = new SGD([group(['p0', 'p1'], 0.937, 5e-4, true), group(['p2'], 0.9, 0, false), group(['p3'], 0, 1e-3, false)]);
  const ema = new ExpMomentumEMA(0.0002, 2000, 1, true);
  const buffers = new Map([['rm', tf.variable(rand([5], 9), false, `opt-test-rm-${Math.random()}`) as tf.Tensor]]);
  for (let step = 0; step < 4; step++) {
    const grads = new Map([...params].map(([k, p], i) => [k, rand(p.shape, 100 * step + i)]));
    sgd.step(params, grads);
    ema.update(params, buffers);
    for (const g of grads.values()) g.dispose();
    // Later groups change their lr like the warm-up does.
    sgd.groups.forEach((g, i) => { g.lr *= 1.1 + 0.1 * i; });
  }
  const out = [...params.values(), ...sgd.buffers.values(), ...ema.avg.values()].map((t) => t.dataSync() as Float32Array);
  for (const v of [...params.values(), ...buffers.values()]) v.dispose();
  sgd.dispose();
  ema.dispose();
  return out;
}

test('fused SGD and EMA kernels are bitwise equal to the per-parameter ops', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  await tf.setBackend('native');
  let fused: Float32Array[] = [];
  const sgdCalls = countAddonCalls(addon, 'sgdUpdate', () => {
    assert.equal(countAddonCalls(addon, 'emaUpdate', () => { fused = run(); }), 3, 'EMA: one call per update after the first');
  });
  // Groups with momentum start fusing at step 2 (buffers exist); the plain group from step 1.
  assert.equal(sgdCalls, 3 * 3 + 1, 'SGD: one call per group and step');
  process.env.YOLOC_FUSED = '0';
  let plain: Float32Array[] = [];
  try {
    assert.equal(countAddonCalls(addon, 'sgdUpdate', () => { plain = run(); }), 0);
  } finally {
    delete process.env.YOLOC_FUSED;
  }
  assert.equal(fused.length, plain.length);
  fused.forEach((v, i) => assert.deepEqual(v, plain[i], `tensor ${i} differs`));
});

test('BatchNorm running statistics of a whole model in fused EMA kernels are bitwise the per-layer updates', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  await tf.setBackend('native');
  const stats = (fused: boolean): { values: Float32Array[]; calls: number } => {
    // Two momenta (0.03 and 0.1), two steps; the second has two queued updates per layer.
    const bns = [new BatchNorm2d(5, 1e-3, 0.03), new BatchNorm2d(7, 1e-5, 0.1), new BatchNorm2d(3, 1e-3, 0.03)];
    const forward = (seed: number): void => {
      bns.forEach((bn, i) => tf.tidy(() => { bn.forward(tf.mul(rand([2, 3, 4, bn.numFeatures], seed + i), 3) as tf.Tensor4D, true); }));
    };
    const apply = (): void => { if (fused) applyBatchNormUpdates(bns); else for (const bn of bns) bn.applyUpdates(); };
    const calls = countAddonCalls(addon, 'emaUpdate', () => {
      forward(1);
      apply();
      forward(11); forward(21);
      apply();
    });
    const values = bns.flatMap((bn) => [bn.runningMean, bn.runningVar]).map((v) => Float32Array.from(v.dataSync()));
    for (const bn of bns) bn.dispose();
    return { values, calls };
  };
  const f = stats(true), p = stats(false);
  assert.equal(f.calls, 2, 'one EMA call per momentum for the single-update step');
  assert.equal(p.calls, 0);
  f.values.forEach((v, i) => assert.deepEqual(v, p.values[i], `running statistic ${i} differs`));
});
