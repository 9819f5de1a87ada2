/**
 * Eval-forward latency at 1x3xSxS for the fixture StarNet-YOLOv5 and stock YOLOv5s on every
 * backend that loads, beside PyTorch on the same machine in the same run
 * (/work/shared/reference/bench_torch.py, 2 threads, as a child process), with the ratio.
 *
 *   npm run bench:forward -- [--size 640] [--iters 5] [--warmup 1] [--backends native,wasm,cpu]
 *                            [--torch-iters 10] [--no-torch] [--json OUT]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BACKEND_ORDER, buildDetector, selectBackend, tf, toNHWC } from '../runtime/index.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '640' },
    iters: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    backends: { type: 'string', default: BACKEND_ORDER.join(',') },
    'torch-iters': { type: 'string', default: '10' },
    'no-torch': { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const size = Number(values.size);
const ROOT = path.resolve(import.meta.dirname, '..');
const SHARED = process.env.YOLOC_SHARED ?? path.resolve(ROOT, '../shared');

const starnet = JSON.parse(readFileSync(path.join(ROOT, 'tests/runtime/yolov5_starnet_s8.model.json'), 'utf8'));
const yolov5s = {
  type: 'YOLODetector',
  backbone: { type: 'YOLOv5CSPDarknet', deepen_factor: 0.33, widen_factor: 0.5 },
  neck: { type: 'YOLOv5PAFPN', deepen_factor: 0.33, widen_factor: 0.5, in_channels: [256, 512, 1024], out_channels: [256, 512, 1024], num_csp_blocks: 3 },
  bbox_head: { type: 'YOLOv5Head', head_module: { type: 'YOLOv5HeadModule', num_classes: 80, in_channels: [256, 512, 1024], widen_factor: 0.5 } },
};
/** Our model name -> bench_torch.py's preset name. */
const MODELS: [string, Record<string, unknown>][] = [['yolov5_starnet_s8', starnet], ['yolov5s', yolov5s]];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function torchBaseline(): Record<string, number> {
  if (values['no-torch']) return {};
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'yoloc-bench-')), 'torch.json');
  try {
    execFileSync('/usr/bin/python3', [path.join(SHARED, 'reference/bench_torch.py'), '--models', 'c,a', '--threads', '2',
      '--size', String(size), '--iters', values['torch-iters']!, '--no-train', '--json', out], { stdio: ['ignore', 'inherit', 'inherit'] });
    const r = JSON.parse(readFileSync(out, 'utf8')) as { models: Record<string, { eval_ms_median: number }> };
    return Object.fromEntries(Object.entries(r.models).map(([k, v]) => [k, v.eval_ms_median]));
  } catch (e) {
    console.error(`PyTorch baseline unavailable: ${(e as Error).message.split('\n')[0]}`);
    return {};
  }
}

const torch = torchBaseline();
const rows: { backend: string; model: string; ms: number; torchMs?: number; ratio?: number }[] = [];
for (const backend of values.backends!.split(',')) {
  try {
    await selectBackend(backend, { quiet: true });
  } catch {
    console.log(`${backend}: not available here, skipped`);
    continue;
  }
  for (const [name, cfg] of MODELS) {
    const model = buildDetector(cfg);
    const x = tf.tidy(() => toNHWC(tf.randomUniform([1, 3, size, size]) as tf.Tensor4D));
    const once = () => {
      const t0 = performance.now();
      tf.tidy(() => {
        const o = model.forward(x, { training: false });
        // dataSync forces the whole graph on asynchronous backends too.
        for (const t of [...o.clsScores, ...o.bboxPreds, ...o.objectnesses]) t.dataSync();
      });
      return performance.now() - t0;
    };
    for (let i = 0; i < Number(values.warmup); i++) once();
    const ms = median(Array.from({ length: Number(values.iters) }, once));
    const torchMs = torch[name];
    rows.push({ backend, model: name, ms, torchMs, ratio: torchMs ? ms / torchMs : undefined });
    console.log(`${backend.padEnd(7)} ${name.padEnd(18)} eval 1x3x${size}x${size} median ${ms.toFixed(1)} ms`
      + (torchMs ? `  (PyTorch 2 threads ${torchMs} ms, ratio ${(ms / torchMs).toFixed(2)}x)` : ''));
    x.dispose();
    model.dispose();
  }
}
if (values.json) writeFileSync(values.json, JSON.stringify({ size, torch, rows }, null, 1));
