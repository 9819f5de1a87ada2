/**
 * Trainability: one training step of a tiny StarNet-YOLOv5 and of a tiny stock YOLOv5
 * (CSPDarknet with the 6x6 stem and SPPF's max pools) against PyTorch (gen_train_step.py:
 * loss, every parameter's gradient, BN running statistics after the step), then SGD steps
 * through tf.train.sgd with tf.memory().numTensors flat across steps.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildDetector, loadStateDict, readSafetensors, tf, toNHWC, toTorch, type Channels, type YOLODetector } from '../../runtime/index.js';
import { TEST_BACKENDS, describeBackends, maxAbsDiff, modelJson } from './helpers.js';
import { ROOT } from '../helpers/paths.js';

const DIR = path.join(ROOT, 'tests/fixtures/train_step');
const WEIGHTS = [1.0, 0.5, 0.25, 2.0, 1.5, 1.0, 0.3, 0.2, 0.1]; // per output: cls 0..2, bbox 0..2, obj 0..2

function lossOf(model: YOLODetector<Channels, Channels>, x: tf.Tensor4D): tf.Scalar {
  const o = model.forward(x, { training: true });
  const outs = [...o.clsScores, ...o.bboxPreds, ...o.objectnesses];
  return tf.addN(outs.map((t, i) => tf.mul(tf.sum(t), WEIGHTS[i]!))) as tf.Scalar;
}

const CASES = [
  { name: 'tiny StarNet-YOLOv5', json: 'tiny_starnet.model.json', prefix: '' },
  { name: 'tiny YOLOv5 (CSPDarknet, SPPF)', json: 'tiny_yolov5.model.json', prefix: 'yolov5_' },
];

describeBackends('training step vs PyTorch', () => {
  for (const c of CASES) it(`${c.name}: loss, all parameter gradients and BN running updates match; memory stays flat over SGD steps`, () => {
    const model = buildDetector(modelJson(c.json));
    const file = (n: string) => path.join(DIR, c.prefix + n);
    loadStateDict(model, readSafetensors(file('weights.safetensors')));
    const inp = readSafetensors(file('input.safetensors'));
    const wantGrads = readSafetensors(file('grads.safetensors'));
    const wantRunning = readSafetensors(file('running_after.safetensors'));
    const input = inp.get('input')!;
    const x = tf.tidy(() => toNHWC(tf.tensor4d(input.data as Float32Array, input.shape as [number, number, number, number])));
    model.train();

    const params = model.parameters();
    const byVar = new Map(model.namedParams().map(([k, p]) => [k, p]));
    const { value, grads } = tf.variableGrads(() => lossOf(model, x), [...params.values()]);
    const wantLoss = inp.get('loss')!.data[0]!;
    assert.ok(Math.abs(value.dataSync()[0]! - wantLoss) <= 1e-4 * Math.abs(wantLoss), `loss ${value.dataSync()[0]} vs ${wantLoss}`);
    assert.equal(Object.keys(grads).length, wantGrads.size, 'a gradient for every trainable parameter');
    for (const [name, v] of params) {
      const want = wantGrads.get(name);
      assert.ok(want, `PyTorch has a gradient for ${name}`);
      const got = toTorch(grads[v.name]!, byVar.get(name)!.layout);
      assert.deepEqual(got.shape, want.shape, `${name}: gradient shape`);
      let scale = 0;
      for (const w of want.data) scale = Math.max(scale, Math.abs(w));
      const { max } = maxAbsDiff(got.data, want.data);
      assert.ok(max <= 1e-3 * scale + 1e-4, `${name}: gradient max |diff| ${max} (scale ${scale})`);
    }
    tf.dispose([value, ...Object.values(grads)]);
    model.applyBatchNormUpdates();
    for (const [name, v] of model.buffers()) {
      const { max } = maxAbsDiff(v.dataSync(), wantRunning.get(name)!.data);
      assert.ok(max <= 1e-4, `${name} after the step: max |diff| ${max}`);
    }

    // Optimizer steps: no tensor may outlive a step.
    const opt = tf.train.sgd(1e-4);
    const counts: number[] = [];
    for (let step = 0; step < 3; step++) {
      tf.dispose(opt.minimize(() => lossOf(model, x), false, [...params.values()]) ?? undefined);
      model.applyBatchNormUpdates();
      counts.push(tf.memory().numTensors);
    }
    assert.equal(counts[2], counts[1], `numTensors across steps: ${counts}`);
    assert.ok(model.buffers().size > 0 && [...model.buffers().values()].every((b) => !b.trainable), 'BN statistics are not trainable');
    opt.dispose();
    x.dispose();
    model.dispose();
  });
  // native: its fused training BatchNorm(+SiLU/ReLU6), star, GatherV2 and conv kernels.
}, [...TEST_BACKENDS, 'native']);
