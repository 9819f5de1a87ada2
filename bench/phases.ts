/**
 * Where a training step's time goes, by phase: forward (training mode), the YOLOv5 loss, the
 * backward pass, the SGD step (+ BatchNorm running updates), as medians over N steps after a
 * warm-up, on the real loss with fixed boxes. Complements `yoloc bench --mode train --profile`
 * (per kernel): the gap between the kernels' sum and a phase is tfjs bookkeeping and GC.
 *   node --import tsx bench/phases.ts CONFIG [--batch 2] [--size 320] [--steps 5] [--backend native]
 *     [--ab NAME=VALUE]
 * --ab A/B in one process: steps alternate between the environment variable NAME unset and set to
 * VALUE (e.g. YOLOC_FUSED=-YolocYolov5Loss,YolocYolov5LossGrad runs the composite YOLOv5 loss on
 * the B steps), one row each, so load from other processes hits both alike.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../runtime/backend/index.js';
import { buildDetector } from '../runtime/model/build.js';
import { yolov5Loss, yolov5LossConfig } from '../runtime/losses/yolov5.js';
import { SGD, yolov5ParamGroups } from '../runtime/engine/sgd.js';
import { variableGradsLowMemory } from '../runtime/engine/grads.js';

const { values: o, positionals } = parseArgs({
  allowPositionals: true,
  options: { batch: { type: 'string', default: '2' }, size: { type: 'string', default: '320' }, steps: { type: 'string', default: '5' }, backend: { type: 'string', default: 'native' }, ab: { type: 'string' } },
});
const ROOT = path.resolve(import.meta.dirname, '..');
const cfgPath = positionals[0] ?? 'configs/starnet/yolov5_starnet_s1_coco_fixed.py';
const B = Number(o.batch), S = Number(o.size), N = Number(o.steps);
const cfg = JSON.parse(execFileSync(process.execPath, [path.join(ROOT, 'bin/yoloc.js'), 'resolve', cfgPath, '--format', 'json'], { encoding: 'utf8' }));
const backend = await selectBackend(o.backend, { quiet: true });
const model = buildDetector(cfg.model);
const lossCfg = yolov5LossConfig(cfg.model.bbox_head);
const params = model.parameters();
const sgd = new SGD(yolov5ParamGroups(params, { lr: 0.01, momentum: 0.937, weightDecay: 0.0005, nesterov: true }));
const x = tf.randomUniform([B, S, S, 3], 0, 1, 'float32', 0) as tf.Tensor4D;
const rows: number[] = [];
for (let b = 0; b < B; b++) {
  for (let k = 0; k < 4; k++) {
    const x1 = S * (0.05 + 0.15 * k), y1 = S * (0.1 + 0.1 * k);
    rows.push(b, k % lossCfg.numClasses, x1, y1, x1 + S * 0.2, y1 + S * 0.3);
  }
}
const gt = Float32Array.from(rows);
const keyOf = new Map([...params].map(([k, v]) => [v.name, k]));
const [abName, abValue] = o.ab ? [o.ab.slice(0, o.ab.indexOf('=')), o.ab.slice(o.ab.indexOf('=') + 1)] : [undefined, undefined];
if (abName !== undefined && !abName) throw new Error('--ab wants NAME=VALUE');
const rowsOf = (): Record<string, number[]> => ({ forward: [], loss: [], backward: [], optimizer: [], step: [] });
const runs = abName ? [rowsOf(), rowsOf()] : [rowsOf()];
for (let i = 0; i <= N * runs.length + runs.length - 1; i++) {
  const which = i % runs.length;
  const T = runs[which]!;
  if (abName) {
    if (which === 1) process.env[abName] = abValue;
    else delete process.env[abName];
  }
  const t0 = performance.now();
  let tFwd = 0, tLoss = 0;
  const { value, grads } = variableGradsLowMemory(() => {
    const out = model.forward(x, { training: true });
    out.clsScores[0]!.dataSync(); // CPU backends are synchronous: this only marks the time
    tFwd = performance.now();
    const l = yolov5Loss(out, gt, lossCfg, { layout: 'NHWC', inputShape: [S, S] });
    const total = tf.addN([l.loss_cls, l.loss_bbox, l.loss_obj]) as tf.Scalar;
    total.dataSync();
    tLoss = performance.now();
    return total;
  }, [...params.values()]);
  value.dataSync();
  const tBwd = performance.now();
  sgd.step(params, new Map(Object.entries(grads).map(([n, g]) => [keyOf.get(n)!, g])));
  tf.dispose([value, ...Object.values(grads)]);
  model.applyBatchNormUpdates();
  params.values().next().value?.dataSync();
  const tEnd = performance.now();
  if (i < runs.length) continue; // warm-up
  T.forward!.push(tFwd - t0); T.loss!.push(tLoss - tFwd); T.backward!.push(tBwd - tLoss); T.optimizer!.push(tEnd - tBwd); T.step!.push(tEnd - t0);
}
const median = (a: number[]): number => [...a].sort((p, q) => p - q)[a.length >> 1]!;
runs.forEach((T, k) => {
  const tag = abName ? (k === 1 ? ` [${abName}=${abValue}]` : ` [${abName} unset]`) : '';
  console.log(`${path.basename(cfgPath)} train ${B}x${S} on ${backend}${tag}, medians over ${N} steps: `
    + Object.entries(T).map(([name, v]) => `${name} ${median(v).toFixed(1)} ms`).join(', '));
});
