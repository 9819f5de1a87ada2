/**
 * Memory of training steps: variableGradsLowMemory (runtime/engine/grads.ts) gives tfjs's
 * gradients bit for bit with a lower peak, and repeated steps leave no tensor behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { resolveConfig } from '../../compiler/resolve.js';
import { selectBackend } from '../../runtime/backend/index.js';
import { buildDetector } from '../../runtime/model/build.js';
import { seedInit } from '../../runtime/nn/init.js';
import { yolov5Loss, yolov5LossConfig } from '../../runtime/losses/yolov5.js';
import { variableGradsLowMemory } from '../../runtime/engine/grads.js';
import { ROOT } from '../helpers/paths.js';

await selectBackend(undefined, { quiet: true });
const cfg = resolveConfig(path.join(ROOT, 'configs/starnet/yolov5_starnet_s050_synth_320.py')).value!.data as Record<string, unknown>;

type Grads = typeof tf.variableGrads;

/** Loss value and gradients (copied out) of one YOLOv5 step on a fixed batch, with `grads`, and the peak tensor bytes. */
async function step(grads: Grads, size = 96): Promise<{ values: Float32Array[]; peak: number; leaked: number }> {
  seedInit(0); // the same weights for both gradient functions
  const model = buildDetector(cfg.model as Record<string, unknown>);
  seedInit(null);
  const lossCfg = yolov5LossConfig((cfg.model as Record<string, unknown>).bbox_head);
  const params = model.parameters();
  const x = tf.randomUniform([2, size, size, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
  const gt = Float32Array.from([0, 1, 4, 6, 40, 50, 1, 0, 20, 30, 90, 80]);
  const before = tf.memory().numTensors;
  let out: tf.Tensor[] = [];
  const info = await tf.profile(() => {
    const { value, grads: g } = grads(() => {
      const o = model.forward(x, { training: true });
      const l = yolov5Loss(o, gt, lossCfg, { layout: 'NHWC', inputShape: [size, size] });
      return tf.addN([l.loss_cls, l.loss_bbox, l.loss_obj]) as tf.Scalar;
    }, [...params.values()]);
    out = [value, ...[...params.values()].map((v) => g[v.name]!)];
    return out;
  });
  const values = out.map((t) => Float32Array.from(t.dataSync() as Float32Array));
  tf.dispose(out);
  model.discardBatchNormUpdates();
  const leaked = tf.memory().numTensors - before;
  x.dispose();
  model.dispose();
  return { values, peak: info.peakBytes, leaked };
}

test('low-memory gradients equal tf.variableGrads bit for bit, with a lower peak and no leak', async () => {
  const want = await step(tf.variableGrads);
  const got = await step(variableGradsLowMemory as Grads);
  assert.equal(got.values.length, want.values.length);
  got.values.forEach((g, k) => assert.deepEqual(g, want.values[k], `output ${k} (0 is the loss)`));
  assert.equal(got.leaked, 0, 'tensors left behind');
  assert.ok(got.peak < want.peak * 0.95, `peak ${got.peak} bytes, tfjs ${want.peak}`);
});

test('a gradient function handing back its dy (for two inputs) is not freed twice', () => {
  const a = tf.variable(tf.tensor1d([1, 2, 3])), b = tf.variable(tf.tensor1d([4, 5, 6]));
  // Both inputs get the very dy tensor: the map must give them separate tensor objects.
  const passThrough = tf.customGrad(((p: tf.Tensor, q: tf.Tensor) => ({ value: tf.add(p, q), gradFunc: (dy: tf.Tensor) => [dy, dy] })) as unknown as Parameters<typeof tf.customGrad>[0]);
  const f = () => tf.sum(tf.mul(passThrough(tf.square(a), tf.mul(b, 2)), tf.tensor1d([1, 10, 100]))) as tf.Scalar;
  const before = tf.memory().numTensors;
  const want = tf.variableGrads(f, [a, b]);
  const got = variableGradsLowMemory(f, [a, b]);
  assert.deepEqual(got.grads[a.name]!.dataSync(), want.grads[a.name]!.dataSync());
  assert.deepEqual(got.grads[b.name]!.dataSync(), Float32Array.from([2, 20, 200]));
  assert.equal(got.value.dataSync()[0], want.value.dataSync()[0]);
  tf.dispose([want.value, got.value, ...Object.values(want.grads), ...Object.values(got.grads)]);
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([a, b]);
});

test('repeated low-memory gradient steps keep the tensor count flat', async () => {
  const counts: number[] = [];
  for (let i = 0; i < 3; i++) {
    await step(variableGradsLowMemory as Grads, 64);
    counts.push(tf.memory().numTensors);
  }
  assert.equal(counts[2], counts[0], `numTensors after each step: ${counts}`);
});
