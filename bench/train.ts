/**
 * Training-step (and forward) time of the fixture StarNet-YOLOv5, stock YOLOv5s and YOLOv8s on every
 * backend that loads, beside PyTorch (../shared/reference/bench_torch.py; bench/yolov8_torch.py, 2 threads) in the same
 * run, with the ratio and the peak resident memory of each (whole process, from /usr/bin/time when
 * present, else what the step loop sampled) and its ratio to PyTorch's.
 *   npm run bench:train -- [--cases 8x640,2x320] [--backends native,wasm] [--simd avx512,avx2]
 *     [--steps 3] [--rounds 1] [--forward] [--models yolov5s,yolov8s,rtmdet_s]
 * Each measurement is its own child process, so memory peaks do not mix. Our train step is the
 * real one (the family's loss on random boxes, gradients, SGD or the config's AdamW, BN updates);
 * PyTorch's YOLOv5 step is its reference step (sum of outputs as the loss), a little cheaper;
 * its YOLOv8 and RTMDet steps are the real ones (bench/yolov8_torch.py, bench/rtmdet_torch.py).
 * --simd runs the native backend once per SIMD level (YOLOC_SIMD), levels the CPU lacks are
 * reported; --rounds repeats every measurement of a case in turn (PyTorch, then ours) and keeps
 * the median of the rounds, so a burst of load from other processes moves both sides alike. The
 * load average is printed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '..');
const SHARED = process.env.YOLOC_SHARED ?? path.resolve(ROOT, '../shared');
const { values: o } = parseArgs({
  options: {
    cases: { type: 'string', default: '2x320,8x640' }, backends: { type: 'string', default: 'native,wasm' }, models: { type: 'string' },
    steps: { type: 'string', default: '3' }, forward: { type: 'boolean', default: false },
    simd: { type: 'string' }, rounds: { type: 'string', default: '1' },
  },
});
/** The PyTorch command of a model's train step (batch b, size s) writing its JSON to `json`, and the median's key there. */
type TorchCmd = (b: number, s: number, json: string) => string[];
const sharedTorch = (alias: string): TorchCmd => (b, s, json) => [path.join(SHARED, 'reference/bench_torch.py'), '--models', alias, '--size', String(s),
  '--train-batch', String(b), '--train-iters', steps, '--iters', steps, '--warmup', '1', '--json', json];
const MODELS: { name: string; torch: TorchCmd; config: string; forward?: string }[] = [
  { name: 'yolov5_starnet_s8 (fixture)', torch: sharedTorch('c'), forward: 'c', config: 'configs/starnet/yolov5_starnet_s1_coco_fixed.py' },
  { name: 'yolov5s', torch: sharedTorch('a'), forward: 'a', config: 'configs/yolov5/yolov5_s-v61_syncbn_8xb16-300e_coco.py' },
  // PyTorch's YOLOv8 step is the real one (model + TAL/BCE/CIoU/DFL loss + SGD): bench/yolov8_torch.py
  { name: 'yolov8s', config: 'configs/yolov8/yolov8_s_syncbn_fast_8xb16-500e_coco.py',
    torch: (b, s, json) => [path.join(ROOT, 'bench/yolov8_torch.py'), '--size', 's', '--batch', String(b), '--img', String(s), '--iters', steps, '--warmup', '1', '--json', json] },
  // RTMDet-s: our step is the real one (DSL loss, AdamW with paramwise groups); so is PyTorch's (bench/rtmdet_torch.py)
  { name: 'rtmdet_s', config: 'configs/rtmdet/rtmdet_s_syncbn_fast_8xb32-300e_coco.py',
    torch: (b, s, json) => [path.join(ROOT, 'bench/rtmdet_torch.py'), '--size', 's', '--batch', String(b), '--img', String(s), '--iters', steps, '--warmup', '1', '--json', json] },
];
const only = o.models ? o.models.split(',') : null;
const hasTime = existsSync('/usr/bin/time');

/** Runs a command, returning stdout and the peak RSS in MiB (NaN without /usr/bin/time). */
function measured(cmd: string, args: string[], env: Record<string, string> = {}): { out: string; rss: number; ok: boolean; err: string } {
  const tmp = path.join(mkdtempSync(path.join(tmpdir(), 'yoloc-bench-')), 'rss');
  const opts = { cwd: ROOT, encoding: 'utf8' as const, env: { ...process.env, ...env } };
  const r = hasTime ? spawnSync('/usr/bin/time', ['-f', '%M', '-o', tmp, cmd, ...args], opts) : spawnSync(cmd, args, opts);
  const rss = hasTime && existsSync(tmp) ? Number(readFileSync(tmp, 'utf8').trim().split('\n').pop()) / 1024 : NaN;
  return { out: r.stdout ?? '', rss, ok: r.status === 0, err: (r.stderr ?? '').split('\n').slice(-3).join(' ') };
}

const steps = o.steps!;
const rounds = Number(o.rounds);
/** The native backend once per --simd level (YOLOC_SIMD), or as it picks; other backends as they are. */
const engines: { be: string; label: string; env: Record<string, string> }[] = o.backends!.split(',').flatMap((be) =>
  be === 'native' && o.simd ? o.simd.split(',').map((l) => ({ be, label: `native:${l}`, env: { YOLOC_SIMD: l } })) : [{ be, label: be, env: {} }]);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
console.log(`load average at start: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
const rows: string[][] = [['model', 'step', 'backend', 'median s', 'vs PyTorch', 'peak RSS MiB', 'RSS vs PyTorch']];
for (const c of o.cases!.split(',')) {
  const [b, s] = c.split('x').map(Number) as [number, number];
  for (const m of MODELS) {
    if (only && !only.includes(m.name.split(' ')[0]!)) continue;
    const torchRuns: number[] = [], torchRss: number[] = [];
    const ours = engines.map(() => ({ s: [] as number[], rss: [] as number[], backend: '', err: '' }));
    for (let round = 0; round < rounds; round++) {
      const jsonFile = path.join(mkdtempSync(path.join(tmpdir(), 'yoloc-torch-')), 'r.json');
      const t = measured('/usr/bin/python3', m.torch(b, s, jsonFile));
      const j = t.ok && existsSync(jsonFile) ? JSON.parse(readFileSync(jsonFile, 'utf8')) : null;
      if (j) torchRuns.push(j.models ? Object.values<{ train_step_s_median: number }>(j.models)[0]!.train_step_s_median : j.train_step_s_median);
      torchRss.push(t.rss);
      engines.forEach((e, k) => {
        const r = measured('node', ['bin/yoloc.js', 'bench', m.config, '--mode', 'train', '--batch', String(b), '--size', String(s),
          '--steps', steps, '--backend', e.be, '--format', 'json'], e.env);
        if (!r.ok) { ours[k]!.err = r.err; return; }
        const res = JSON.parse(r.out.trim().split('\n').pop()!);
        ours[k]!.s.push(res.median_s);
        ours[k]!.rss.push(Number.isFinite(r.rss) ? r.rss : Number(res.peak_rss_mib));
        ours[k]!.backend = res.simd ? `${res.backend}:${res.simd}` : res.backend;
      });
    }
    const torchS = torchRuns.length ? median(torchRuns) : undefined;
    const tRss = median(torchRss);
    rows.push([m.name, `train ${b}x${s}`, 'pytorch', torchS?.toFixed(3) ?? 'failed', '1.00', tRss.toFixed(0), Number.isFinite(tRss) ? '1.00' : '']);
    engines.forEach((e, k) => {
      const r = ours[k]!;
      if (!r.s.length) { rows.push([m.name, `train ${b}x${s}`, e.label, 'failed', '', r.err]); return; }
      const sec = median(r.s), rss = median(r.rss);
      rows.push([m.name, `train ${b}x${s}`, r.backend || e.label, sec.toFixed(3), torchS ? (sec / torchS).toFixed(2) : '', rss.toFixed(0),
        Number.isFinite(tRss) ? (rss / tRss).toFixed(2) : '']);
    });
    console.error(`done ${m.name} ${c}`);
  }
}
if (o.forward) {
  for (const m of MODELS) {
    if (!m.forward || (only && !only.includes(m.name.split(' ')[0]!))) continue;
    // PyTorch's eval forward at 1x640 (its train step here is a single cheap 1x64 one).
    const jsonFile = path.join(mkdtempSync(path.join(tmpdir(), 'yoloc-torch-')), 'r.json');
    const t = measured('/usr/bin/python3', [path.join(SHARED, 'reference/bench_torch.py'), '--models', m.forward, '--size', '640',
      '--train-batch', '1', '--train-iters', '1', '--iters', '5', '--warmup', '1', '--json', jsonFile]);
    const j = t.ok && existsSync(jsonFile) ? JSON.parse(readFileSync(jsonFile, 'utf8')) : null;
    const torchMs: number | undefined = j ? Object.values<{ eval_ms_median: number }>(j.models)[0]!.eval_ms_median : undefined;
    const torchS = torchMs === undefined ? undefined : torchMs / 1000;
    rows.push([m.name, 'forward 1x640', 'pytorch', torchS?.toFixed(3) ?? 'failed', '1.00', t.rss.toFixed(0), Number.isFinite(t.rss) ? '1.00' : '']);
    for (const { be, label, env } of engines) {
      const r = measured('node', ['bin/yoloc.js', 'bench', m.config, '--mode', 'forward', '--batch', '1', '--size', '640', '--steps', '5', '--backend', be, '--format', 'json'], env);
      if (!r.ok) { rows.push([m.name, 'forward 1x640', label, 'failed', '', r.err]); continue; }
      const med = Number(JSON.parse(r.out.trim().split('\n').pop()!).median_s);
      rows.push([m.name, 'forward 1x640', label, med.toFixed(3), torchS ? (med / torchS).toFixed(2) : '', r.rss.toFixed(0),
        Number.isFinite(t.rss) && Number.isFinite(r.rss) ? (r.rss / t.rss).toFixed(2) : '']);
    }
  }
}
console.log(`load average at the end: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
for (const r of rows) console.log(r.map((x, i) => (x ?? '').padEnd(w[i]!)).join('  '));
