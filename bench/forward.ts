/**
 * Eval-forward latency at 1x3xSxS for the fixture StarNet-YOLOv5 and stock YOLOv5s: our native
 * engine (at each SIMD level asked for, with the inference plan, and with --no-plan rows also
 * without it) beside onnxruntime-node on the same model (exported by our own runtime/export/onnx,
 * 2 intra-op threads, all graph optimizations), taking turns iteration by iteration in one process
 * so load from other processes hits them alike; other tfjs backends (wasm, cpu) after; PyTorch
 * 1.13 (/work/shared/reference/bench_torch.py, 2 threads, a child process) first. Prints medians
 * and each row's ratio to onnxruntime and to PyTorch.
 *
 *   npm run bench:forward -- [--size 640] [--iters 15] [--warmup 2] [--simd avx512,avx2]
 *     [--backends native,onnxruntime,wasm,cpu] [--no-plan] [--threads 2] [--torch-iters 10] [--no-torch]
 *     [--json OUT] [--gap-ms 50]
 * --threads sets our pool's and onnxruntime's intra-op threads (and PyTorch's): on a machine
 * shared with other work, --threads 1 compares the work per core with less noise.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildDetector, selectBackend, tf, toNHWC } from '../runtime/index.js';
import { evalForward } from '../runtime/engine/evaluate.js';
import { loadAddon, SIMD_LEVELS, type SimdLevel } from '../runtime/backend/native/addon.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '640' },
    iters: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '2' },
    'gap-ms': { type: 'string', default: '50' },
    backends: { type: 'string', default: 'native,onnxruntime' },
    simd: { type: 'string' },
    'no-plan': { type: 'boolean', default: false },
    threads: { type: 'string', default: '2' },
    'torch-iters': { type: 'string', default: '10' },
    'no-torch': { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const size = Number(values.size);
const iters = Number(values.iters);
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

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function torchBaseline(): Record<string, number> {
  if (values['no-torch']) return {};
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'yoloc-bench-')), 'torch.json');
  try {
    execFileSync('/usr/bin/python3', [path.join(SHARED, 'reference/bench_torch.py'), '--models', 'c,a', '--threads', values.threads!,
      '--size', String(size), '--iters', values['torch-iters']!, '--no-train', '--json', out], { stdio: ['ignore', 'inherit', 'inherit'] });
    const r = JSON.parse(readFileSync(out, 'utf8')) as { models: Record<string, { eval_ms_median: number }> };
    return Object.fromEntries(Object.entries(r.models).map(([k, v]) => [k, v.eval_ms_median]));
  } catch (e) {
    console.error(`PyTorch baseline unavailable: ${(e as Error).message.split('\n')[0]}`);
    return {};
  }
}

/** One timed engine: a name and one forward (resolves when the outputs are read). */
interface Runner { name: string; run: () => Promise<void>; times: number[] }

const torch = torchBaseline();
const wanted = values.backends!.split(',');
const rows: { engine: string; model: string; ms: number; ortMs?: number; torchMs?: number }[] = [];
const print = (engine: string, model: string, ms: number, ortMs?: number): void => {
  const torchMs = torch[model];
  rows.push({ engine, model, ms, ortMs, torchMs });
  console.log(`${engine.padEnd(18)} ${model.padEnd(18)} eval 1x3x${size}x${size} median ${ms.toFixed(1).padStart(7)} ms`
    + (ortMs && !engine.startsWith('onnxruntime') ? `  / onnxruntime ${(ms / ortMs).toFixed(2)}x` : '')
    + (torchMs ? `  / PyTorch (${values.threads} threads, ${torchMs.toFixed(1)} ms) ${(ms / torchMs).toFixed(2)}x` : ''));
};

// Native tiers and onnxruntime, interleaved.
if (wanted.includes('native') || wanted.includes('onnxruntime')) {
  const native = wanted.includes('native') && (await selectBackend('native', { quiet: true }).then(() => true, () => false));
  if (wanted.includes('native') && !native) console.log('native: not available here, skipped');
  if (!native) await selectBackend(undefined, { quiet: true });
  const addon = native ? loadAddon() : null;
  addon?.setThreads(Number(values.threads));
  const have = (addon?.info().simdLevels ?? []) as SimdLevel[];
  const levels = (values.simd ? values.simd.split(',') : [addon?.info().simd ?? 'generic']).filter((l) => {
    const ok = (SIMD_LEVELS as readonly string[]).includes(l) && have.includes(l as SimdLevel);
    if (native && !ok) console.log(`native:${l}: this CPU cannot run it (it has ${have.join(', ')}), skipped`);
    return ok;
  }) as SimdLevel[];
  for (const [name, cfg] of MODELS) {
    const model = buildDetector(cfg);
    const x = tf.tidy(() => toNHWC(tf.randomUniform([1, 3, size, size]) as tf.Tensor4D));
    const runners: Runner[] = [];
    // One model per SIMD level, with the same weights: a plan packs its filters for one level,
    // and levels taking turns on one model would repack them on every run.
    const perLevel = new Map<SimdLevel, typeof model>();
    const modelAt = (level: SimdLevel): typeof model => {
      if (level === levels[0]) return model;
      let m = perLevel.get(level);
      if (!m) {
        m = buildDetector(cfg);
        const src = new Map([...model.parameters(), ...model.buffers()]);
        for (const [k, v] of [...m.parameters(), ...m.buffers()]) v.assign(src.get(k)!);
        perLevel.set(level, m);
      }
      return m;
    };
    const forward = (plan: boolean, level: SimdLevel) => async (): Promise<void> => {
      process.env.YOLOC_PLAN = plan ? '1' : '0';
      addon!.setSimd(level);
      const o = evalForward(modelAt(level), x);
      const all = [...o.clsScores, ...o.bboxPreds, ...o.objectnesses];
      await Promise.all(all.map((t) => t.data()));
      tf.dispose(all);
    };
    if (native) {
      for (const l of levels) {
        runners.push({ name: `native:${l}`, run: forward(true, l), times: [] });
        if (values['no-plan']) runners.push({ name: `native:${l}:no-plan`, run: forward(false, l), times: [] });
      }
    }
    let release = async (): Promise<void> => {};
    if (wanted.includes('onnxruntime')) {
      try {
        const { OnnxEngine } = await import('../runtime/export/onnx/engine.js');
        const engine = new OnnxEngine(model, { threads: Number(values.threads) });
        const nchw = tf.tidy(() => tf.transpose(x, [0, 3, 1, 2]));
        const input = { dtype: 'float32' as const, shape: [...nchw.shape], data: (await nchw.data()) as Float32Array };
        nchw.dispose();
        await engine.session(input.shape);
        runners.push({ name: 'onnxruntime', run: async () => { await engine.runNCHW(input); }, times: [] });
        release = () => engine.release();
      } catch (e) {
        console.log(`onnxruntime: not available here (${(e as Error).message.split('\n')[0]}), skipped`);
      }
    }
    for (const r of runners) for (let i = 0; i < Number(values.warmup); i++) await r.run();
    const gap = Number(values['gap-ms']);
    for (let i = 0; i < iters; i++) {
      for (const r of runners) {
        // Let the previous engine's threads park first: onnxruntime's intra-op workers (and our
        // pool's, YOLOC_SPIN_US) spin-wait after a run, and on a 2-core machine two spinning
        // threads halve the next engine's CPU.
        if (gap > 0) await new Promise((res) => setTimeout(res, gap));
        const t0 = performance.now();
        await r.run();
        r.times.push(performance.now() - t0);
      }
    }
    delete process.env.YOLOC_PLAN;
    addon?.setSimd('auto');
    const ort = runners.find((r) => r.name === 'onnxruntime');
    const ortMs = ort ? median(ort.times) : undefined;
    for (const r of runners) print(r.name, name, median(r.times), ortMs);
    await release();
    x.dispose();
    model.dispose();
    for (const m of perLevel.values()) m.dispose();
  }
}

// Other tfjs backends, one after the other.
for (const backend of wanted.filter((b) => b !== 'native' && b !== 'onnxruntime')) {
  try {
    await selectBackend(backend, { quiet: true });
  } catch {
    console.log(`${backend}: not available here, skipped`);
    continue;
  }
  for (const [name, cfg] of MODELS) {
    const model = buildDetector(cfg);
    const x = tf.tidy(() => toNHWC(tf.randomUniform([1, 3, size, size]) as tf.Tensor4D));
    const once = (): number => {
      const t0 = performance.now();
      const o = evalForward(model, x);
      const all = [...o.clsScores, ...o.bboxPreds, ...o.objectnesses];
      for (const t of all) t.dataSync();
      tf.dispose(all);
      return performance.now() - t0;
    };
    for (let i = 0; i < Number(values.warmup); i++) once();
    print(backend, name, median(Array.from({ length: Math.min(iters, 5) }, once)));
    x.dispose();
    model.dispose();
  }
}
if (values.json) writeFileSync(values.json, JSON.stringify({ size, torch, rows }, null, 1));
