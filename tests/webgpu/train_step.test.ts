/**
 * One training step on the webgpu backend (our fused BatchNorm/star/activation kernels,
 * MaxPoolGrad and PadV2 included) against the PyTorch train-step fixtures, within the CPU tests'
 * tolerances (tests/runtime/train.test.ts): loss, every parameter's gradient, BN running stats.
 * Reads are asynchronous (a GPU tensor cannot be read synchronously in Node).
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildDetector, loadStateDict, readSafetensors, tf, toNHWC, type Channels, type YOLODetector } from '../../runtime/index.js';
import { toTorchTensor } from '../../runtime/nn/layout.js';
import { FUSED_KERNELS } from '../../runtime/nn/fused_ops.js';
import { maxAbsDiff, modelJson } from '../runtime/helpers.js';
import { ROOT } from '../helpers/paths.js';
import { useWebgpu } from '../helpers/webgpu.js';
import { webgpuDevice } from '../../runtime/backend/webgpu/index.js';

const DIR = path.join(ROOT, 'tests/fixtures/train_step');
const WEIGHTS = [1.0, 0.5, 0.25, 2.0, 1.5, 1.0, 0.3, 0.2, 0.1]; // as tests/runtime/train.test.ts

function lossOf(model: YOLODetector<Channels, Channels>, x: tf.Tensor4D): tf.Scalar {
  const o = model.forward(x, { training: true });
  const outs = [...o.clsScores, ...o.bboxPreds, ...o.objectnesses];
  return tf.addN(outs.map((t, i) => tf.mul(tf.sum(t), WEIGHTS[i]!))) as tf.Scalar;
}

const CASES = [
  { name: 'tiny StarNet-YOLOv5', json: 'tiny_starnet.model.json', prefix: '', kernels: [FUSED_KERNELS.bnTrainGrad, FUSED_KERNELS.starGrad] },
  { name: 'tiny YOLOv5 (CSPDarknet, SPPF)', json: 'tiny_yolov5.model.json', prefix: 'yolov5_', kernels: [FUSED_KERNELS.bnTrainGrad, 'MaxPoolGrad'] },
];

/** Counts the calls of the webgpu kernels `names` until restore(). */
function countCalls(names: string[]): { counts: Map<string, number>; restore(): void } {
  const counts = new Map(names.map((n) => [n, 0]));
  const undo: (() => void)[] = [];
  for (const n of names) {
    const k = tf.getKernel(n, 'webgpu') as { kernelFunc: (...a: unknown[]) => unknown } | undefined;
    assert.ok(k, `no webgpu kernel ${n}`);
    const orig = k.kernelFunc;
    k.kernelFunc = (...a: unknown[]) => { counts.set(n, counts.get(n)! + 1); return orig(...a); };
    undo.push(() => { k.kernelFunc = orig; });
  }
  return { counts, restore: () => undo.forEach((f) => f()) };
}

let gpu = false;
before(async () => { gpu = await useWebgpu(); });

for (const c of CASES) {
  it(`webgpu: ${c.name}: loss, all parameter gradients and BN running updates match PyTorch`, { timeout: 300_000 }, async (t) => {
    if (!gpu) return t.skip('no WebGPU adapter');
    const model = buildDetector(modelJson(c.json));
    const file = (n: string) => path.join(DIR, c.prefix + n);
    loadStateDict(model, readSafetensors(file('weights.safetensors')));
    const inp = readSafetensors(file('input.safetensors'));
    const wantGrads = readSafetensors(file('grads.safetensors'));
    const wantRunning = readSafetensors(file('running_after.safetensors'));
    const input = inp.get('input')!;
    const x = tf.tidy(() => toNHWC(tf.tensor4d(input.data as Float32Array, input.shape as [number, number, number, number])));
    model.train();
    // Any WebGPU validation error (an invalid shader: tfjs's rank-5 pad was one) fails the test.
    const dev = webgpuDevice() as unknown as { pushErrorScope(f: string): void; popErrorScope(): Promise<{ message: string } | null> };
    dev.pushErrorScope('validation');
    const params = model.parameters();
    const byVar = new Map(model.namedParams().map(([k, p]) => [k, p]));
    const calls = countCalls(c.kernels);
    let value: tf.Scalar, grads: tf.NamedTensorMap;
    try {
      ({ value, grads } = tf.variableGrads(() => lossOf(model, x), [...params.values()]));
    } finally {
      calls.restore();
    }
    for (const k of c.kernels) assert.ok(calls.counts.get(k)! > 0, `${k} did not run`);
    const wantLoss = inp.get('loss')!.data[0]!;
    const loss = (await value.data())[0]!;
    assert.ok(Math.abs(loss - wantLoss) <= 1e-4 * Math.abs(wantLoss), `loss ${loss} vs ${wantLoss}`);
    assert.equal(Object.keys(grads).length, wantGrads.size, 'a gradient for every trainable parameter');
    for (const [name, v] of params) {
      const want = wantGrads.get(name);
      assert.ok(want, `PyTorch has a gradient for ${name}`);
      const torch = tf.tidy(() => toTorchTensor(grads[v.name]!, byVar.get(name)!.layout));
      assert.deepEqual(torch.shape, want.shape, `${name}: gradient shape`);
      const got = await torch.data();
      if (torch !== grads[v.name]) torch.dispose();
      let scale = 0;
      for (const w of want.data) scale = Math.max(scale, Math.abs(w));
      const { max } = maxAbsDiff(got, want.data);
      assert.ok(max <= 1e-3 * scale + 1e-4, `${name}: gradient max |diff| ${max} (scale ${scale})`);
    }
    tf.dispose([value, ...Object.values(grads)]);
    model.applyBatchNormUpdates();
    for (const [name, v] of model.buffers()) {
      const { max } = maxAbsDiff(await v.data(), wantRunning.get(name)!.data);
      assert.ok(max <= 1e-4, `${name} after the step: max |diff| ${max}`);
    }
    assert.equal((await dev.popErrorScope())?.message, undefined, 'WebGPU validation error');
    x.dispose();
    model.dispose();
  });
}
