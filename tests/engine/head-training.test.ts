/**
 * The training loop's plug-ins: the per-head training contract (YOLOv8's assigner between the
 * forward and the loss, off the tape), clip_grad, dynamic validation intervals.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { variableGradsAsync, variableGradsLowMemory } from '../../runtime/engine/grads.js';
import { headTrainingFor, totalLoss, HEAD_TRAINING } from '../../runtime/engine/head-training.js';
import { clipGradNorm } from '../../runtime/engine/optimizer.js';
import { trainSettings, valIntervalAfter } from '../../runtime/engine/setup.js';
import { registerGradients } from '../../runtime/backend/gradients.js';

await tf.setBackend('cpu');
await registerGradients();

/** A tiny YOLOv8-shaped "head": one 1x1 conv per level from fixed features to cls (3) + dist (4*16). */
function tinyHead(seed: number) {
  const strides = [8, 16, 32];
  const feats = strides.map((s, i) => tf.randomNormal([2, 64 / s, 64 / s, 4], 0, 1, 'float32', seed + i) as tf.Tensor4D);
  const ws = strides.map((_, i) => tf.variable(tf.randomNormal([1, 1, 4, 3 + 64], 0, 0.5, 'float32', seed + 10 + i), true, `w${i}`));
  const forward = () => {
    const outs = feats.map((x, i) => tf.conv2d(x, ws[i]! as tf.Tensor4D, 1, 'valid'));
    return { clsScores: outs.map((o) => tf.slice(o, [0, 0, 0, 0], [-1, -1, -1, 3])), bboxDistPreds: outs.map((o) => tf.slice(o, [0, 0, 0, 3], [-1, -1, -1, 64])) };
  };
  return { feats, ws, forward, dispose: () => tf.dispose([...feats, ...ws]) };
}

const model = {
  bbox_head: { type: 'YOLOv8Head', head_module: { type: 'YOLOv8HeadModule', num_classes: 3, in_channels: [4, 4, 4], featmap_strides: [8, 16, 32] } },
  train_cfg: { assigner: { type: 'BatchTaskAlignedAssigner', num_classes: 3, use_ciou: true, topk: 10, alpha: 0.5, beta: 6.0, eps: 1e-9 } },
};
const batch = { gt: Float32Array.from([0, 1, 4, 6, 40, 50, 0, 2, 30, 10, 60, 40, 1, 0, 20, 30, 62, 60]), inputShape: [64, 64] as [number, number], batchSize: 2 };

test('YOLOv8 through the head-training contract: async gradients equal the same loss under tf.variableGrads, and leak nothing', async () => {
  const tr = headTrainingFor(model);
  assert.deepEqual(tr.lossNames, ['loss_cls', 'loss_bbox', 'loss_dfl']);
  assert.ok(tr.prepare, 'YOLOv8 reads predictions: it has a prepare step');
  const h = tinyHead(1);
  // reference: the assignment computed first, then the same loss inside tfjs's own variableGrads
  const o0 = h.forward();
  const asg = await tr.prepare!(o0, batch);
  tf.dispose([...o0.clsScores, ...o0.bboxDistPreds]);
  const want = tf.variableGrads(() => totalLoss(tr.loss(h.forward(), batch, asg), tr.lossNames), h.ws);
  const before = tf.memory().numTensors;
  const got = await variableGradsAsync(h.forward, (o) => tr.prepare!(o, batch), (o, p) => totalLoss(tr.loss(o, batch, p), tr.lossNames), h.ws);
  assert.equal(got.value.dataSync()[0], want.value.dataSync()[0]);
  for (const w of h.ws) assert.deepEqual(got.grads[w.name]!.dataSync(), want.grads[w.name]!.dataSync(), w.name);
  tf.dispose([got.value, ...Object.values(got.grads)]);
  assert.equal(tf.memory().numTensors, before, 'tensors left behind');
  // a failing prepare leaves no tape and no tensor behind, and the next step works
  await assert.rejects(variableGradsAsync(h.forward, async () => { throw new Error('boom'); }, () => tf.scalar(0), h.ws), /boom/);
  assert.equal(tf.memory().numTensors, before);
  const again = variableGradsLowMemory(() => tf.sum(tf.square(h.ws[0]!)) as tf.Scalar, h.ws);
  assert.ok(again.grads[h.ws[0]!.name], 'gradients work after a failed step');
  tf.dispose([again.value, ...Object.values(again.grads), want.value, ...Object.values(want.grads)]);
  h.dispose();
});

test('a few SGD steps through the contract lower the YOLOv8 loss', async () => {
  const tr = headTrainingFor(model);
  const h = tinyHead(2);
  const losses: number[] = [];
  for (let i = 0; i < 8; i++) {
    const { value, grads } = await variableGradsAsync(h.forward, (o) => tr.prepare!(o, batch), (o, p) => totalLoss(tr.loss(o, batch, p), tr.lossNames), h.ws);
    losses.push((await value.data())[0]!);
    for (const w of h.ws) w.assign(tf.tidy(() => tf.sub(w, tf.mul(grads[w.name]!, 0.002))));
    tf.dispose([value, ...Object.values(grads)]);
  }
  assert.ok(losses.at(-1)! < losses[0]! * 0.95, `losses ${losses.map((l) => l.toFixed(3))}`);
  h.dispose();
});

test('the contract is chosen by bbox_head type; a head without one is YC7201', () => {
  assert.ok(HEAD_TRAINING.YOLOv5Head && HEAD_TRAINING.YOLOv8Head);
  assert.deepEqual(headTrainingFor({ bbox_head: { type: 'mmyolo.YOLOv5Head' } }).lossNames, ['loss_cls', 'loss_bbox', 'loss_obj']);
  assert.throws(() => headTrainingFor({ bbox_head: { type: 'YOLOXHead' } }), (e: Error & { code?: string }) => e.code === 'YC7201' && /YOLOXHead/.test(e.message));
});

test('clip_grad: torch.nn.utils.clip_grad_norm_(max_norm=10) values, and no change under the norm', () => {
  // torch 1.13: grads [3, 4] and [[12, 0.5], [-1, 2]] -> total norm 13.200379, scaled by 10 / (norm + 1e-6)
  const a = clipGradNorm(new Map<string, tf.Tensor>([['a', tf.tensor1d([3, 4])], ['b', tf.tensor2d([[12, 0.5], [-1, 2]])]]), 10);
  assert.equal(a.norm.dataSync()[0], Math.fround(13.200379371643066));
  assert.deepEqual([...a.grads.get('a')!.dataSync()], [2.2726616859436035, 3.0302157402038574]);
  assert.deepEqual([...a.grads.get('b')!.dataSync()], [9.090646743774414, 0.3787769675254822, -0.7575539350509644, 1.5151078701019287]);
  const b = clipGradNorm(new Map([['a', tf.tensor1d([0.3, 0.4])], ['b', tf.tensor1d([0.1, 0, 0, 0])]]), 10);
  assert.deepEqual([...b.grads.get('a')!.dataSync()], [Math.fround(0.3), Math.fround(0.4)]);
  tf.dispose([a.norm, b.norm, ...a.grads.values(), ...b.grads.values()]);
});

test('dynamic_intervals: MMEngine\'s rule (bisect at epochs done + 1), YOLOv8\'s [(490, 1)] after interval 10', () => {
  const cfg = {
    train_cfg: { max_epochs: 500, val_interval: 10, dynamic_intervals: [[490, 1]] },
    optim_wrapper: { optimizer: { type: 'SGD', lr: 0.01 }, clip_grad: { max_norm: 10.0 } },
    train_dataloader: { dataset: { ann_file: 'x.json' } },
  };
  const s = trainSettings(cfg, '/tmp', 0);
  assert.deepEqual(s.dynamicIntervals, { milestones: [0, 490], intervals: [10, 1] });
  assert.deepEqual(s.clipGrad, { maxNorm: 10 });
  const validated = Array.from({ length: 500 }, (_, i) => i + 1).filter((done) => done % valIntervalAfter(s.dynamicIntervals, done) === 0);
  // 10, 20, .., 480, then every epoch from 489 (not 490: the interval is decided for done + 1) to 500
  assert.deepEqual(validated, [...Array.from({ length: 48 }, (_, i) => 10 * (i + 1)), ...Array.from({ length: 12 }, (_, i) => 489 + i)]);
  assert.throws(() => trainSettings({ ...cfg, optim_wrapper: { optimizer: { type: 'SGD' }, clip_grad: { type: 'value', clip_value: 1 } } }, '/tmp', 0), /clip_grad\.type/);
});
