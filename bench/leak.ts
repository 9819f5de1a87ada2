/**
 * Tensor-leak and memory check of real training steps: the fixture StarNet-YOLOv5 (the config
 * bench/train.ts times) trained for N steps on random input with random boxes, the real YOLOv5
 * loss, gradients, torch-exact SGD and BatchNorm updates, as runtime/engine/bench.ts steps.
 * Every `--every` steps it prints tf.memory() (tensors, bytes) and the process memory (RSS, JS
 * heap, ArrayBuffers, which hold the tensors), and it exits 1 if live tensors or their bytes grew
 * after the first step.
 *   npm run bench:leak -- [--steps 100] [--batch 2] [--size 320] [--every 10] [--backend native]
 *     [--grads tfjs|lowmem]   (lowmem: runtime/engine/grads.ts, same numbers, lower peak)
 *     [--checkpoint-every N]  also take and write a training checkpoint (runtime/engine/snapshot.ts,
 *                             what train.ts saves) every N steps, to a temp folder
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { resolveConfig } from '../compiler/resolve.js';
import { selectBackend } from '../runtime/backend/index.js';
import { buildDetector } from '../runtime/model/build.js';
import { seedInit } from '../runtime/nn/init.js';
import { yolov5Loss, yolov5LossConfig } from '../runtime/losses/yolov5.js';
import { SGD, yolov5ParamGroups } from '../runtime/engine/sgd.js';
import { variableGradsLowMemory } from '../runtime/engine/grads.js';
import { checkpointStateAsync } from '../runtime/engine/snapshot.js';
import { saveCheckpoint } from '../runtime/engine/checkpoint.js';

const { values: o } = parseArgs({
  options: {
    steps: { type: 'string', default: '100' }, batch: { type: 'string', default: '2' },
    size: { type: 'string', default: '320' }, every: { type: 'string', default: '10' },
    backend: { type: 'string', default: 'native' }, grads: { type: 'string', default: 'tfjs' },
    config: { type: 'string', default: 'configs/starnet/yolov5_starnet_s1_coco_fixed.py' },
    'checkpoint-every': { type: 'string', default: '0' },
  },
});
const variableGrads = o.grads === 'lowmem' ? variableGradsLowMemory : tf.variableGrads;
const steps = Number(o.steps), batch = Number(o.batch), size = Number(o.size), every = Number(o.every);
const ckptEvery = Number(o['checkpoint-every']);
const ckptDir = ckptEvery > 0 ? mkdtempSync(path.join(tmpdir(), 'yoloc-leak-')) : null;

const backend = await selectBackend(o.backend, { quiet: true });
const cfg = resolveConfig(path.resolve(import.meta.dirname, '..', o.config!)).value!.data as Record<string, unknown>;
const modelCfg = cfg.model as Record<string, unknown>;
seedInit(0);
const model = buildDetector(modelCfg);
seedInit(null);
const lossCfg = yolov5LossConfig(modelCfg.bbox_head);
const params = model.parameters();
const keyOf = new Map([...params].map(([k, v]) => [v.name, k]));
const sgd = new SGD(yolov5ParamGroups(params, { lr: 0.01, momentum: 0.937, weightDecay: 0.0005, nesterov: true }));

// Fixed pseudo-random boxes (4 per image), as runtime/engine/bench.ts draws them.
let seed = 1;
const rnd = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const rows: number[] = [];
for (let b = 0; b < batch; b++) {
  for (let k = 0; k < 4; k++) {
    const w = size * (0.05 + 0.4 * rnd()), h = size * (0.05 + 0.4 * rnd());
    const x1 = (size - w) * rnd(), y1 = (size - h) * rnd();
    rows.push(b, Math.floor(rnd() * lossCfg.numClasses), x1, y1, x1 + w, y1 + h);
  }
}
const gt = Float32Array.from(rows);

/** One real training step on a fresh random batch; returns the loss. */
function step(i: number): number {
  const x = tf.randomUniform([batch, size, size, 3], 0, 1, 'float32', i) as tf.Tensor4D;
  const { value, grads } = variableGrads(() => {
    const out = model.forward(x, { training: true });
    const l = yolov5Loss(out, gt, lossCfg, { layout: 'NHWC', inputShape: [size, size] });
    return tf.addN([l.loss_cls, l.loss_bbox, l.loss_obj]) as tf.Scalar;
  }, [...params.values()]);
  const loss = value.dataSync()[0]!;
  sgd.step(params, new Map(Object.entries(grads).map(([n, g]) => [keyOf.get(n)!, g])));
  tf.dispose([x, value, ...Object.values(grads)]);
  model.applyBatchNormUpdates();
  return loss;
}

const mib = (n: number): string => (n / 2 ** 20).toFixed(0).padStart(6);
console.log(`${backend} train ${batch}x${size}, ${o.grads} gradients, ${steps} steps${ckptEvery > 0 ? `, a checkpoint every ${ckptEvery}` : ''}; memory every ${every} steps (MiB)`);
console.log(' step  tensors   tensorMiB     rss  heapUsed  arrayBuffers  peakRss   s/step  loss');
let base: { numTensors: number; numBytes: number } | null = null;
let grew = false, peak = 0;
let t0 = performance.now(), lastPrinted = 0;
for (let i = 1; i <= steps; i++) {
  const loss = step(i);
  if (ckptDir && i % ckptEvery === 0) saveCheckpoint(path.join(ckptDir, 'last.safetensors'), await checkpointStateAsync(sgd, model, null, { iter: i }));
  const m = process.memoryUsage();
  peak = Math.max(peak, m.rss);
  if (i === 1) base = { numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes };
  if (i === 1 || i % every === 0 || i === steps) {
    const t = tf.memory();
    if (base && (t.numTensors > base.numTensors || t.numBytes > base.numBytes)) grew = true;
    const perStep = (performance.now() - t0) / 1000 / (i - lastPrinted);
    console.log(`${String(i).padStart(5)}  ${String(t.numTensors).padStart(7)}  ${mib(t.numBytes)}      ${mib(m.rss)}  ${mib(m.heapUsed)}    ${mib(m.arrayBuffers)}      ${mib(peak)}   ${perStep.toFixed(2).padStart(6)}  ${loss.toPrecision(7)}`);
    t0 = performance.now();
    lastPrinted = i;
  }
}
sgd.dispose();
model.dispose();
if (ckptDir) rmSync(ckptDir, { recursive: true, force: true });
if (grew) {
  console.error(`FAIL: live tensors grew after step 1 (from ${base!.numTensors} tensors, ${base!.numBytes} bytes)`);
  process.exit(1);
}
console.log(`ok: ${base!.numTensors} tensors (${mib(base!.numBytes).trim()} MiB) alive after every step; peak RSS ${mib(peak).trim()} MiB`);
