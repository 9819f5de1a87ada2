/**
 * What the YOLOv8 loss costs per training step, beside PyTorch's (same run): on random head
 * outputs of a batch of B images at S x S with 80 classes and G boxes each, the assignment
 * (candidates and gather indices on the CPU, the device gather and its asynchronous read, the
 * task-aligned assigner on the CPU), then the loss with its gradient w.r.t. the head outputs.
 * PyTorch: ref_yolov8_loss.py forward + autograd.grad on tensors of the same shapes, 2 threads.
 *
 * usage: node --import tsx bench/yolov8_loss.ts [--batch 8] [--size 640] [--boxes 8] [--backend native] [--reps 5]
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../runtime/backend/index.js';
import { yolov8Loss, yolov8LossConfig, yolov8Prepare } from '../runtime/losses/yolov8.js';

const { values: a } = parseArgs({ options: {
  batch: { type: 'string', default: '8' }, size: { type: 'string', default: '640' }, boxes: { type: 'string', default: '8' },
  backend: { type: 'string', default: 'native' }, reps: { type: 'string', default: '5' },
} });
const B = Number(a.batch), S = Number(a.size), G = Number(a.boxes), reps = Number(a.reps);
await selectBackend(a.backend, { quiet: true });
const cfg = yolov8LossConfig({ type: 'YOLOv8Head', head_module: { num_classes: 80 } },
  { assigner: { type: 'BatchTaskAlignedAssigner', num_classes: 80, use_ciou: true, topk: 10, alpha: 0.5, beta: 6.0, eps: 1e-9 } });
let s = 12345;
const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const rows: number[] = [];
for (let b = 0; b < B; b++) for (let k = 0; k < G; k++) {
  const w = S * (0.05 + 0.4 * rnd()), h = S * (0.05 + 0.4 * rnd()), x1 = (S - w) * rnd(), y1 = (S - h) * rnd();
  rows.push(b, Math.floor(rnd() * 80), x1, y1, x1 + w, y1 + h);
}
const gt = Float32Array.from(rows);
const out = {
  clsScores: [8, 16, 32].map((st, l) => tf.randomNormal([B, S / st, S / st, 80], -3, 2, 'float32', l) as tf.Tensor),
  bboxDistPreds: [8, 16, 32].map((st, l) => tf.randomNormal([B, S / st, S / st, 64], 0, 2, 'float32', 10 + l) as tf.Tensor),
};
const flat = [...out.clsScores, ...out.bboxDistPreds];
const times = { prepare: [] as number[], loss: [] as number[] };
let positives = 0;
for (let i = 0; i < reps + 1; i++) {
  const t0 = performance.now();
  const asg = await yolov8Prepare(out, gt, cfg, { layout: 'NHWC' });
  const t1 = performance.now();
  const grads = tf.grads((...xs: tf.Tensor[]) => {
    const r = yolov8Loss({ clsScores: xs.slice(0, 3), bboxDistPreds: xs.slice(3) }, asg, cfg, { layout: 'NHWC' });
    return tf.addN([r.loss_cls, r.loss_bbox, r.loss_dfl]);
  })(flat);
  await Promise.all(grads.map((g) => g.data()));
  tf.dispose(grads);
  const t2 = performance.now();
  positives = asg.images.reduce((n, im) => n + im.prior.length, 0);
  if (i > 0) { times.prepare.push(t1 - t0); times.loss.push(t2 - t1); }
}
const med = (x: number[]) => [...x].sort((p, q) => p - q)[x.length >> 1]!;
const py = spawnSync('/usr/bin/python3', ['-c', `
import sys, time, statistics, torch
sys.path.insert(0, ${JSON.stringify(path.resolve(import.meta.dirname, '../tests/fixtures/yolov8'))})
import ref_yolov8_loss as L
torch.set_num_threads(2); torch.manual_seed(0)
B, S = ${B}, ${S}
cls = [(torch.randn(B, 80, S // s, S // s) * 2 - 3).requires_grad_(True) for s in (8, 16, 32)]
dist = [(torch.randn(B, 64, S // s, S // s) * 2).requires_grad_(True) for s in (8, 16, 32)]
gt = torch.tensor(${JSON.stringify(Array.from({ length: rows.length / 6 }, (_, i) => rows.slice(i * 6, i * 6 + 6)))}, dtype=torch.float32)
cfg = L.default_config(80)
ts = []
for i in range(${reps + 1}):
    t0 = time.perf_counter()
    o = L.yolov8_loss(cls, dist, gt, cfg)
    torch.autograd.grad(o['loss_cls'] + o['loss_bbox'] + o['loss_dfl'], cls + dist)
    if i: ts.append(time.perf_counter() - t0)
print(statistics.median(ts) * 1000)
`], { encoding: 'utf8' });
const torchMs = Number(py.stdout.trim());
const ours = med(times.prepare) + med(times.loss);
console.log(`YOLOv8 loss, ${B} x ${S}, ${G} boxes/image, 80 classes, ${positives} positives, ${a.backend}:`);
console.log(`  assignment (gather, async read, TAL on the CPU) ${med(times.prepare).toFixed(1)} ms`);
console.log(`  loss + gradients w.r.t. the head outputs         ${med(times.loss).toFixed(1)} ms`);
console.log(`  total ${ours.toFixed(1)} ms; PyTorch (2 threads) ${torchMs.toFixed(1)} ms; ratio ${(ours / torchMs).toFixed(2)}`);
tf.dispose(flat);
