/**
 * What the RTMDet loss costs per training step, beside PyTorch's (same run): on random head
 * outputs of a batch of B images at S x S with 80 classes and G boxes each, the DSL assignment
 * and the loss with its gradient w.r.t. the head outputs, on `--backend` with its kernels (the
 * native addon's assignment and QFL) and with the composite tfjs ops (YOLOC_FUSED=0).
 * PyTorch: ref_rtmdet_loss.py forward + autograd.grad on tensors of the same shapes, 2 threads.
 *
 * usage: node --import tsx bench/rtmdet_loss.ts [--batch 8] [--size 640] [--boxes 40] [--backend native] [--reps 3]
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../runtime/backend/index.js';
import { rtmdetLoss, rtmdetLossConfig } from '../runtime/losses/rtmdet.js';

const { values: a } = parseArgs({ options: {
  batch: { type: 'string', default: '8' }, size: { type: 'string', default: '640' }, boxes: { type: 'string', default: '40' },
  backend: { type: 'string', default: 'native' }, reps: { type: 'string', default: '3' },
} });
const B = Number(a.batch), S = Number(a.size), G = Number(a.boxes), reps = Number(a.reps);
await selectBackend(a.backend, { quiet: true });
const cfg = rtmdetLossConfig({ type: 'RTMDetHead', head_module: { num_classes: 80 } });
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
  bboxPreds: [8, 16, 32].map((st, l) => tf.mul(tf.randomUniform([B, S / st, S / st, 4], 0, 1, 'float32', 10 + l), 4) as tf.Tensor),
};
const flat = [...out.clsScores, ...out.bboxPreds];

async function time(fused: boolean): Promise<number> {
  process.env.YOLOC_FUSED = fused ? '1' : '0';
  const ts: number[] = [];
  for (let i = 0; i < reps + 1; i++) {
    const t0 = performance.now();
    const g = tf.grads((...xs: tf.Tensor[]) => {
      const r = rtmdetLoss({ clsScores: xs.slice(0, 3), bboxPreds: xs.slice(3) }, gt, cfg, { layout: 'NHWC' });
      return tf.add(r.loss_cls, r.loss_bbox);
    })(flat);
    await Promise.all(g.map((x) => x.data()));
    tf.dispose(g);
    if (i > 0) ts.push((performance.now() - t0) / 1000);
  }
  delete process.env.YOLOC_FUSED;
  return ts.sort((x, y) => x - y)[ts.length >> 1]!;
}

const kernels = await time(true);
const composite = await time(false);
const py = spawnSync('/usr/bin/python3', ['-c', `
import sys, time, statistics, torch
sys.path.insert(0, ${JSON.stringify(path.resolve(import.meta.dirname, '../tests/fixtures/rtmdet'))})
import ref_rtmdet_loss as L
torch.set_num_threads(2)
B, S, G = ${B}, ${S}, ${G}
gt = torch.tensor(${JSON.stringify(Array.from({ length: B * G }, (_, i) => Array.from(gt.subarray(i * 6, i * 6 + 6))))}, dtype=torch.float32)
cls = [(torch.randn(B, 80, S // s, S // s) * 2 - 3).requires_grad_(True) for s in (8, 16, 32)]
box = [(torch.rand(B, 4, S // s, S // s) * 4).requires_grad_(True) for s in (8, 16, 32)]
ref = L.RTMDetLossRef(num_classes=80)
ts = []
for i in range(${reps + 1}):
    t0 = time.perf_counter()
    r = ref(cls, box, gt)
    torch.autograd.grad(r['loss_cls'] + r['loss_bbox'], cls + box)
    if i: ts.append(time.perf_counter() - t0)
print(statistics.median(ts))
`], { encoding: 'utf8' });
const torchS = Number(py.stdout.trim().split('\n').pop());
console.log(`RTMDet loss + gradients, ${B}x${S}, 80 classes, ${G} boxes per image, median of ${reps} (${tf.getBackend()}):`);
console.log(`  ${tf.getBackend()} kernels   ${kernels.toFixed(3)} s   ${(kernels / torchS).toFixed(2)}x PyTorch`);
console.log(`  composite ops    ${composite.toFixed(3)} s   ${(composite / torchS).toFixed(2)}x PyTorch`);
console.log(`  PyTorch (2 thr)  ${Number.isFinite(torchS) ? torchS.toFixed(3) : `failed: ${py.stderr.slice(-300)}`} s`);
tf.dispose(flat);
