/**
 * The one script for a lent GPU machine (bench/gpu/README.md): the webgpu backend's adapter,
 * the PyTorch fixture parity (forward at 320 and 640, one training step), then timings of the
 * fixture StarNet-YOLOv5 and YOLOv5s (forward at batch 1 and 32, training steps at 16-64 x 640)
 * with the per-step profile (dispatches, bytes moved, top kernels by GPU time). Prints one
 * JSON object per line, so a run that is cut short still leaves every finished figure.
 *
 * usage: node check.mjs --shared DIR [--root DIR] [--models fixture,yolov5s] [--train-batches 16,32,64]
 *        [--forward-batches 1,32] [--size 640] [--steps 5] [--quick] [--skip-bench]
 * Bundled for the device by bench/gpu/prepare.sh (the device has no tsx); here it also runs as
 * `node --import tsx bench/gpu/check.ts --shared ../shared --quick` (SwiftShader, tiny sizes).
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../runtime/backend/index.js';
import { currentAdapter, webgpuDevice } from '../../runtime/backend/webgpu/index.js';
import { buildDetector, forwardNCHW, loadStateDict, readSafetensors, toNHWC } from '../../runtime/index.js';
import { toTorchTensor } from '../../runtime/nn/layout.js';
import { benchSteps } from '../../runtime/engine/bench.js';
import { resolveConfig } from '../../compiler/resolve.js';

const ROOT = path.resolve(import.meta.dirname ?? '.', '../..');
const { values: a } = parseArgs({
  options: {
    shared: { type: 'string' }, models: { type: 'string', default: 'fixture,yolov5s' },
    'train-batches': { type: 'string', default: '16,32,64' }, 'forward-batches': { type: 'string', default: '1,32' },
    size: { type: 'string', default: '640' }, steps: { type: 'string', default: '5' }, quick: { type: 'boolean', default: false },
    'skip-bench': { type: 'boolean', default: false },
    root: { type: 'string' },
  },
});
const root = a.root ?? ROOT;
const shared = path.resolve(a.shared ?? path.join(root, '../shared'));
const fixtures = path.join(shared, 'fixtures');
const out = (o: Record<string, unknown>): void => console.log(JSON.stringify(o));

function maxAbs(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) { const d = Math.abs(x[i]! - y[i]!); if (!(d <= m)) m = d; }
  return m;
}

async function parityForward(): Promise<void> {
  const model = buildDetector(JSON.parse(readFileSync(path.join(root, 'tests/runtime/yolov5_starnet_s8.model.json'), 'utf8')));
  loadStateDict(model, readSafetensors(path.join(fixtures, 'yolov5_starnet_s8.weights.safetensors')));
  for (const size of a.quick ? [320] : [320, 640]) {
    const input = readSafetensors(path.join(fixtures, `input_${size}.safetensors`)).get('input')!;
    const want = readSafetensors(path.join(fixtures, `yolov5_starnet_s8.out_${size}.safetensors`));
    const got = await forwardNCHW(model, input);
    let worst = 0;
    for (const [k, v] of got) worst = Math.max(worst, maxAbs(v.data, want.get(k)!.data));
    out({ check: 'forward_parity', size, max_abs_diff: worst, ok: worst <= 1e-3 });
  }
  model.dispose();
}

async function parityTrainStep(): Promise<void> {
  const dir = path.join(root, 'tests/fixtures/train_step');
  const weights = [1.0, 0.5, 0.25, 2.0, 1.5, 1.0, 0.3, 0.2, 0.1];
  for (const [json, prefix] of [['tiny_starnet.model.json', ''], ['tiny_yolov5.model.json', 'yolov5_']] as const) {
    const model = buildDetector(JSON.parse(readFileSync(path.join(root, 'tests/runtime', json), 'utf8')));
    loadStateDict(model, readSafetensors(path.join(dir, prefix + 'weights.safetensors')));
    const inp = readSafetensors(path.join(dir, prefix + 'input.safetensors'));
    const wantGrads = readSafetensors(path.join(dir, prefix + 'grads.safetensors'));
    const i = inp.get('input')!;
    const x = tf.tidy(() => toNHWC(tf.tensor4d(i.data as Float32Array, i.shape as [number, number, number, number])));
    model.train();
    const params = model.parameters();
    const byKey = new Map(model.namedParams());
    const { value, grads } = tf.variableGrads(() => {
      const o = model.forward(x, { training: true });
      return tf.addN([...o.clsScores, ...o.bboxPreds, ...o.objectnesses].map((t, k) => tf.mul(tf.sum(t), weights[k]!))) as tf.Scalar;
    }, [...params.values()]);
    const loss = (await value.data())[0]!;
    const wantLoss = inp.get('loss')!.data[0]!;
    let worst = 0;
    for (const [name, v] of params) {
      const g = toTorchTensor(grads[v.name]!, byKey.get(name)!.layout);
      const want = wantGrads.get(name)!;
      let scale = 0;
      for (const w of want.data) scale = Math.max(scale, Math.abs(w));
      worst = Math.max(worst, maxAbs(await g.data(), want.data) / (1e-3 * scale + 1e-4));
      if (g !== grads[v.name]) g.dispose();
    }
    out({ check: 'train_step_parity', model: json, loss, want_loss: wantLoss, loss_rel_diff: Math.abs(loss - wantLoss) / Math.abs(wantLoss),
      worst_grad_vs_tolerance: worst, ok: worst <= 1 && Math.abs(loss - wantLoss) <= 1e-4 * Math.abs(wantLoss) });
    model.discardBatchNormUpdates();
    tf.dispose([value, x, ...Object.values(grads)]);
    model.dispose();
  }
}

function modelConfig(name: string): Record<string, unknown> {
  if (name === 'fixture') return { model: JSON.parse(readFileSync(path.join(root, 'tests/runtime/yolov5_starnet_s8.model.json'), 'utf8')) };
  const file = name === 'yolov5s' ? path.join(root, 'configs/yolov5/yolov5_s-v61_syncbn_8xb16-300e_coco.py') : name;
  const r = resolveConfig(file);
  if (!r.value) throw new Error(`cannot resolve ${file}`);
  return r.value.data as Record<string, unknown>;
}

async function bench(): Promise<void> {
  const size = a.quick ? 64 : Number(a.size);
  const steps = a.quick ? 1 : Number(a.steps);
  for (const name of a.models!.split(',')) {
    const config = modelConfig(name);
    for (const [mode, batches] of [['forward', a['forward-batches']!], ['train', a['train-batches']!]] as const) {
      for (const b of (a.quick ? '1' : batches).split(',').map(Number)) {
        try {
          const r = await benchSteps({ config, mode, batch: b, size, steps, warmup: 1, profile: true });
          out({ bench: name, mode, batch: b, size, median_s: r.median_s, images_per_s: b / r.median_s, tensor_growth: r.tensor_growth,
            gpu: r.gpu, top_kernels: r.profile?.slice(0, 12) });
        } catch (e) {
          out({ bench: name, mode, batch: b, size, error: (e as Error).message.split('\n')[0] });
          if (/memory|OOM|lost/i.test((e as Error).message)) break;
        }
      }
    }
  }
}

const t0 = Date.now();
await selectBackend('webgpu');
const dev = webgpuDevice();
out({ adapter: currentAdapter(), limits: dev ? { maxStorageBuffersPerShaderStage: dev.limits.maxStorageBuffersPerShaderStage, maxComputeWorkgroupStorageSize: dev.limits.maxComputeWorkgroupStorageSize, maxBufferSize: dev.limits.maxBufferSize } : null });
for (const [name, fn] of [['forward parity', parityForward], ['train-step parity', parityTrainStep], ...(a['skip-bench'] ? [] : [['bench', bench]])] as [string, () => Promise<void>][]) {
  try { await fn(); } catch (e) { out({ failed: name, error: (e as Error).stack?.split('\n').slice(0, 3).join(' | ') }); }
}
out({ done_s: (Date.now() - t0) / 1000 });
