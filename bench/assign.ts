/**
 * What the YOLOv5 assignment costs on the CPU (issue 13: on a GPU backend it may stay on the
 * CPU only if it is under 5% of a training step). Times the CPU part of the loss: GT
 * normalisation, assignLevel and lastWriters for every level, plus building the gather
 * indices, for a batch of B images with G boxes each at S x S, and prints it beside a real
 * training step of the same batch on the chosen backend (same run).
 *
 * usage: node --import tsx bench/assign.ts [--batch 16] [--boxes 8] [--size 640] [--backend native]
 *        [--config configs/starnet/yolov5_starnet_s050_synth_320.py] [--no-step]
 */
import { parseArgs } from 'node:util';
import { assignLevel, lastWriters, normalizeGt } from '../runtime/losses/assigner.js';
import { DEFAULT_ANCHORS } from '../runtime/losses/config.js';

const { values: a } = parseArgs({ options: {
  batch: { type: 'string', default: '16' }, boxes: { type: 'string', default: '8' }, size: { type: 'string', default: '640' },
  backend: { type: 'string', default: 'native' }, config: { type: 'string', default: 'configs/starnet/yolov5_starnet_s050_synth_320.py' },
  'no-step': { type: 'boolean', default: false }, reps: { type: 'string', default: '50' },
} });
const B = Number(a.batch), G = Number(a.boxes), S = Number(a.size), reps = Number(a.reps);
let s = 12345;
const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const rows: number[] = [];
for (let b = 0; b < B; b++) for (let k = 0; k < G; k++) {
  const w = S * (0.03 + 0.4 * rnd()), h = S * (0.03 + 0.4 * rnd()), x1 = (S - w) * rnd(), y1 = (S - h) * rnd();
  rows.push(b, Math.floor(rnd() * 80), x1, y1, x1 + w, y1 + h);
}
const gt = Float32Array.from(rows);
const strides = [8, 16, 32];
const once = (): number => {
  let positives = 0;
  const norm = normalizeGt(gt, S, S);
  strides.forEach((st, l) => {
    const H = S / st, W = S / st;
    const asg = assignLevel(norm, H, W, DEFAULT_ANCHORS[l]!, st, 4.0, 0.5);
    positives += asg.count;
    lastWriters(asg, (bb, aa, y, x) => ((bb * H + y) * W + x) * 3 + aa);
    // the gather indices of the 85 channels (what gatherRows builds)
    const idx = new Int32Array(asg.count * 85);
    for (let r = 0; r < asg.count; r++) for (let c = 0; c < 85; c++) idx[r * 85 + c] = (((asg.img[r]! * H + asg.gy[r]!) * W + asg.gx[r]!) * 3 + asg.prior[r]!) * 85 + c;
  });
  return positives;
};
for (let i = 0; i < 5; i++) once();
const t0 = performance.now();
let pos = 0;
for (let i = 0; i < reps; i++) pos = once();
const assignMs = (performance.now() - t0) / reps;
console.log(`assignment (CPU) for ${B} images x ${G} boxes at ${S}: ${assignMs.toFixed(3)} ms per step (${pos} positives)`);
if (!a['no-step']) {
  const { selectBackend } = await import('../runtime/backend/index.js');
  const { resolveConfig } = await import('../compiler/resolve.js');
  const { benchSteps } = await import('../runtime/engine/bench.js');
  const backend = await selectBackend(a.backend, { quiet: true });
  const cfg = resolveConfig(a.config!).value!.data as Record<string, unknown>;
  const r = await benchSteps({ config: cfg, mode: 'train', batch: B, size: S, steps: 2, warmup: 1 });
  console.log(`training step on ${backend}, same batch: ${(r.median_s * 1000).toFixed(1)} ms; assignment = ${(100 * assignMs / (r.median_s * 1000)).toFixed(2)}% of it`);
}
