/**
 * The RTMDet training step on the webgpu backend (SwiftShader) against PyTorch
 * (tests/fixtures/rtmdet/train_step, as tests/runtime/rtmdet-train-step.test.ts on the CPU): the
 * model in training mode, the real loss with its on-device DSL assigner, backward; loss terms,
 * every gradient, BN running statistics. Every read is asynchronous.
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildDetector, loadStateDict, readSafetensors, tf, toNHWC } from '../../runtime/index.js';
import { toTorchTensor } from '../../runtime/nn/layout.js';
import { rtmdetLoss, rtmdetLossConfig, type RtmdetHeadOutputs } from '../../runtime/losses/rtmdet.js';
import { maxAbsDiff } from '../runtime/helpers.js';
import { ROOT } from '../helpers/paths.js';
import { useWebgpu } from '../helpers/webgpu.js';
import { webgpuDevice } from '../../runtime/backend/webgpu/index.js';

const DIR = path.join(ROOT, 'tests/fixtures/rtmdet/train_step');
const MODEL = JSON.parse(readFileSync(path.join(DIR, 'model.json'), 'utf8')) as { bbox_head: unknown; train_cfg: unknown };
let gpu = false;
before(async () => { gpu = await useWebgpu(); });

it('webgpu: tiny RTMDet: loss terms, every gradient and BN running statistics match PyTorch', { timeout: 300_000 }, async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const model = buildDetector(MODEL as unknown as Record<string, unknown>);
  loadStateDict(model, readSafetensors(path.join(DIR, 'weights.safetensors')), { strict: true });
  const inp = readSafetensors(path.join(DIR, 'input.safetensors'));
  const wantGrads = readSafetensors(path.join(DIR, 'grads.safetensors'));
  const wantRunning = readSafetensors(path.join(DIR, 'running_after.safetensors'));
  const input = inp.get('input')!;
  const x = tf.tidy(() => toNHWC(tf.tensor4d(input.data as Float32Array, input.shape as [number, number, number, number])));
  const cfg = rtmdetLossConfig(MODEL.bbox_head, MODEL.train_cfg);
  model.train();
  const dev = webgpuDevice() as unknown as { pushErrorScope(f: string): void; popErrorScope(): Promise<{ message: string } | null> };
  dev.pushErrorScope('validation');
  const params = model.parameters();
  const byName = new Map(model.namedParams());
  let parts: tf.Scalar[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const l = rtmdetLoss(model.forward(x, { training: true }) as unknown as RtmdetHeadOutputs, inp.get('gt')!.data as Float32Array, cfg, { layout: 'NHWC' });
    parts = [tf.keep(l.loss_cls), tf.keep(l.loss_bbox)];
    return tf.add(l.loss_cls, l.loss_bbox) as tf.Scalar;
  }, [...params.values()]);
  for (const [i, k] of ['loss_cls', 'loss_bbox'].entries()) {
    const want = inp.get(k)!.data[0]!;
    const got = (await parts[i]!.data())[0]!;
    assert.ok(Math.abs(got - want) <= 1e-4 * Math.abs(want), `${k} ${got} vs ${want}`);
  }
  for (const [name, v] of params) {
    const want = wantGrads.get(name)!;
    const torch = tf.tidy(() => toTorchTensor(grads[v.name]!, byName.get(name)!.layout));
    assert.deepEqual(torch.shape, want.shape, `${name}: gradient shape`);
    const got = await torch.data();
    if (torch !== grads[v.name]) torch.dispose();
    let scale = 0;
    for (const w of want.data) scale = Math.max(scale, Math.abs(w));
    const { max } = maxAbsDiff(got, want.data);
    assert.ok(max <= 1e-3 * scale + 1e-4, `${name}: gradient max |diff| ${max} (scale ${scale})`);
  }
  tf.dispose([value, ...parts, ...Object.values(grads)]);
  model.applyBatchNormUpdates();
  for (const [name, v] of model.buffers()) {
    const want = wantRunning.get(name);
    if (!want) continue;
    const { max } = maxAbsDiff(await v.data(), want.data);
    assert.ok(max <= 1e-4, `${name} after the step: max |diff| ${max}`);
  }
  assert.equal((await dev.popErrorScope())?.message, undefined, 'WebGPU validation error');
  x.dispose();
  model.dispose();
});
