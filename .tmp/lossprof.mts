import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../runtime/backend/index.ts';
import { yolov8Loss, yolov8LossConfig, yolov8Prepare } from '../runtime/losses/yolov8.ts';
import { profileKernels } from '../runtime/engine/bench.ts';
await selectBackend('native', { quiet: true });
const B = 8, S = 640, G = 8;
const cfg = yolov8LossConfig({ type: 'YOLOv8Head', head_module: { num_classes: 80 } }, { assigner: { type: 'BatchTaskAlignedAssigner', num_classes: 80, use_ciou: true, topk: 10, alpha: 0.5, beta: 6.0, eps: 1e-9 } });
let s = 12345; const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const rows: number[] = [];
for (let b = 0; b < B; b++) for (let k = 0; k < G; k++) { const w = S * (0.05 + 0.4 * rnd()), h = S * (0.05 + 0.4 * rnd()), x1 = (S - w) * rnd(), y1 = (S - h) * rnd(); rows.push(b, Math.floor(rnd() * 80), x1, y1, x1 + w, y1 + h); }
const gt = Float32Array.from(rows);
const out = { clsScores: [8, 16, 32].map((st, l) => tf.randomNormal([B, S / st, S / st, 80], -3, 2, 'float32', l) as tf.Tensor), bboxDistPreds: [8, 16, 32].map((st, l) => tf.randomNormal([B, S / st, S / st, 64], 0, 2, 'float32', 10 + l) as tf.Tensor) };
const flat = [...out.clsScores, ...out.bboxDistPreds];
const asg = await yolov8Prepare(out, gt, cfg, { layout: 'NHWC' });
const step = async () => { const g = tf.grads((...xs: tf.Tensor[]) => { const r = yolov8Loss({ clsScores: xs.slice(0, 3), bboxDistPreds: xs.slice(3) }, asg, cfg, { layout: 'NHWC' }); return tf.addN([r.loss_cls, r.loss_bbox, r.loss_dfl]); })(flat); await Promise.all(g.map((t) => t.data())); tf.dispose(g); };
await step();
const t0 = performance.now(); await step(); console.log('step', (performance.now() - t0).toFixed(1), 'ms');
const prof = await profileKernels(step);
console.log(prof.slice(0, 14).map((k) => `${k.ms.toFixed(1).padStart(7)} ms ${String(k.calls).padStart(4)}x ${k.kernel}`).join('\n'));
