/**
 * The YOLOv8 training step on webgpu (SwiftShader in CI) against PyTorch
 * (tests/fixtures/yolov8/train_step): the tiny YOLOv8, the real loss with its assigner reading
 * the candidates asynchronously, backward; the losses, every parameter's gradient and the BN
 * running statistics within the CPU tests' tolerances. No synchronous read anywhere.
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildDetector, loadStateDict, readSafetensors, tf, toNHWC } from '../../runtime/index.js';
import { toTorchTensor } from '../../runtime/nn/layout.js';
import { headTrainingFor, totalLoss } from '../../runtime/engine/head-training.js';
import { variableGradsAsync } from '../../runtime/engine/grads.js';
import { maxAbsDiff } from '../runtime/helpers.js';
import { ROOT } from '../helpers/paths.js';
import { useWebgpu } from '../helpers/webgpu.js';
import { webgpuDevice } from '../../runtime/backend/webgpu/index.js';

const DIR = path.join(ROOT, 'tests/fixtures/yolov8/train_step');
let gpu = false;
before(async () => { gpu = await useWebgpu(); });

it('webgpu: tiny YOLOv8 training step (real loss): losses, every gradient, BN running stats match PyTorch', { timeout: 300_000 }, async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const cfg = JSON.parse(readFileSync(path.join(DIR, 'model.json'), 'utf8')) as Record<string, unknown>;
  const model = buildDetector(cfg);
  loadStateDict(model, readSafetensors(path.join(DIR, 'weights.safetensors')), { strict: true });
  const inp = readSafetensors(path.join(DIR, 'input.safetensors'));
  const wantGrads = readSafetensors(path.join(DIR, 'grads.safetensors'));
  const wantRunning = readSafetensors(path.join(DIR, 'running_after.safetensors'));
  const input = inp.get('input')!;
  const x = tf.tidy(() => toNHWC(tf.tensor4d(input.data as Float32Array, input.shape as [number, number, number, number])));
  const batch = { gt: Float32Array.from(inp.get('gt')!.data), inputShape: [input.shape[2]!, input.shape[3]!] as [number, number], batchSize: input.shape[0]! };
  model.train();
  const dev = webgpuDevice() as unknown as { pushErrorScope(f: string): void; popErrorScope(): Promise<{ message: string } | null> };
  dev.pushErrorScope('validation');
  const tr = headTrainingFor(cfg);
  const params = model.parameters();
  const byVar = new Map(model.namedParams().map(([k, p]) => [k, p]));
  let parts: tf.Scalar[] = [];
  const { value, grads } = await variableGradsAsync(
    () => model.forward(x, { training: true }) as unknown as Record<string, tf.Tensor[]>,
    (o) => tr.prepare!(o, batch),
    (o, p) => { const l = tr.loss(o, batch, p); parts = tr.lossNames.map((k) => tf.keep(l[k]!)); return totalLoss(l, tr.lossNames); },
    [...params.values()]);
  const got = await Promise.all(parts.map((p) => p.data()));
  tr.lossNames.forEach((k, i) => {
    const want = inp.get(k)!.data[0]!;
    assert.ok(Math.abs(got[i]![0]! - want) <= 1e-4 * Math.abs(want), `${k} ${got[i]![0]} vs ${want}`);
  });
  for (const [name, v] of params) {
    const want = wantGrads.get(name)!;
    const torch = tf.tidy(() => toTorchTensor(grads[v.name]!, byVar.get(name)!.layout));
    const g = await torch.data();
    if (torch !== grads[v.name]) torch.dispose();
    let scale = 0;
    for (const w of want.data) scale = Math.max(scale, Math.abs(w));
    const { max } = maxAbsDiff(g, want.data);
    assert.ok(max <= 1e-3 * scale + 1e-4, `${name}: gradient max |diff| ${max} (scale ${scale})`);
  }
  tf.dispose([value, ...parts, ...Object.values(grads)]);
  model.applyBatchNormUpdates();
  for (const [name, v] of model.buffers()) {
    const { max } = maxAbsDiff(await v.data(), wantRunning.get(name)!.data);
    assert.ok(max <= 1e-4, `${name} after the step: max |diff| ${max}`);
  }
  assert.equal((await dev.popErrorScope())?.message, undefined, 'WebGPU validation error');
  x.dispose();
  model.dispose();
});
