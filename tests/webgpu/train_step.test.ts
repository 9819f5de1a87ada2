/**
 * One training step on the webgpu backend against PyTorch (tests/fixtures/train_step, made by
 * tests/runtime/gen_train_step.py): loss, every parameter's gradient and the BN running
 * statistics after the step, for the tiny StarNet-YOLOv5 and the tiny stock YOLOv5, with the
 * CPU tests' tolerances; all reads asynchronous; no tensor outlives a step.
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildDetector, loadStateDict, readSafetensors, tf, toNHWC, type Channels, type YOLODetector } from '../../runtime/index.js';
import { toTorchTensor } from '../../runtime/nn/layout.js';
import { maxAbsDiff, modelJson } from '../runtime/helpers.js';
import { ROOT } from '../helpers/paths.js';
import { useWebgpu } from '../helpers/webgpu.js';

const DIR = path.join(ROOT, 'tests/fixtures/train_step');
const WEIGHTS = [1.0, 0.5, 0.25, 2.0, 1.5, 1.0, 0.3, 0.2, 0.1];
const CASES = [
  { name: 'tiny StarNet-YOLOv5', json: 'tiny_starnet.model.json', prefix: '' },
  { name: 'tiny YOLOv5 (CSPDarknet, SPPF)', json: 'tiny_yolov5.model.json', prefix: 'yolov5_' },
];

function lossOf(model: YOLODetector<Channels, Channels>, x: tf.Tensor4D): tf.Scalar {
  const o = model.forward(x, { training: true });
  const outs = [...o.clsScores, ...o.bboxPreds, ...o.objectnesses];
  return tf.addN(outs.map((t, i) => tf.mul(tf.sum(t), WEIGHTS[i]!))) as tf.Scalar;
}

let gpu = false;
before(async () => { gpu = await useWebgpu(); });

for (const c of CASES) {
  it(`webgpu: ${c.name} training step matches PyTorch (loss, every gradient, BN running stats)`, { timeout: 300_000 }, async (t) => {
    if (!gpu) return t.skip('no WebGPU adapter');
    assert.equal(tf.getBackend(), 'webgpu');
    const file = (n: string) => path.join(DIR, c.prefix + n);
    const model = buildDetector(modelJson(c.json));
    loadStateDict(model, readSafetensors(file('weights.safetensors')));
    const inp = readSafetensors(file('input.safetensors'));
    const wantGrads = readSafetensors(file('grads.safetensors'));
    const wantRunning = readSafetensors(file('running_after.safetensors'));
    const input = inp.get('input')!;
    const x = tf.tidy(() => toNHWC(tf.tensor4d(input.data as Float32Array, input.shape as [number, number, number, number])));
    model.train();
    const params = model.parameters();
    const byVar = new Map(model.namedParams().map(([k, p]) => [k, p]));
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => lossOf(model, x), [...params.values()]);
    const wantLoss = inp.get('loss')!.data[0]!;
    const got = (await value.data())[0]!;
    assert.ok(Math.abs(got - wantLoss) <= 1e-4 * Math.abs(wantLoss), `loss ${got} vs ${wantLoss}`);
    assert.equal(Object.keys(grads).length, wantGrads.size);
    const names = [...params.keys()];
    const torchGrads = names.map((n) => toTorchTensor(grads[params.get(n)!.name]!, byVar.get(n)!.layout));
    const datas = await Promise.all(torchGrads.map((g) => g.data()));
    names.forEach((name, i) => {
      const want = wantGrads.get(name)!;
      assert.deepEqual([...torchGrads[i]!.shape], want.shape, `${name}: gradient shape`);
      let scale = 0;
      for (const w of want.data) scale = Math.max(scale, Math.abs(w));
      const { max } = maxAbsDiff(datas[i]!, want.data);
      assert.ok(max <= 1e-3 * scale + 1e-4, `${name}: gradient max |diff| ${max} (scale ${scale})`);
    });
    torchGrads.forEach((g, i) => { if (g !== grads[params.get(names[i]!)!.name]) g.dispose(); });
    tf.dispose([value, ...Object.values(grads)]);
    model.applyBatchNormUpdates();
    assert.equal(tf.memory().numTensors, before, 'the step leaves no tensor behind');
    const bufs = [...model.buffers()];
    const bd = await Promise.all(bufs.map(([, v]) => v.data()));
    bufs.forEach(([name], i) => {
      const { max } = maxAbsDiff(bd[i]!, wantRunning.get(name)!.data);
      assert.ok(max <= 1e-4, `${name} after the step: max |diff| ${max}`);
    });
    x.dispose();
    model.dispose();
  });
}
