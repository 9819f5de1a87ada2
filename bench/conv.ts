/**
 * Dense conv kernels alone (forward, input gradient, filter gradient), on the layer shapes that
 * cost most in a train step at 2x320 of the fixture StarNet-YOLOv5 (S*) and of YOLOv5s (V*), plus
 * forward at 1x640 (F*). Calls the addon directly on preallocated arrays, so it times the kernels,
 * not tfjs. Several builds of the addon can be timed in one run (copy the old .node aside first),
 * next to PyTorch (bench/kernels_torch.py, Debian's python3-torch) run in the same process tree:
 *   node --import tsx bench/conv.ts [--addons base=/tmp/old.node,new=native/build/Release/yoloc_native.node]
 *     [--simd avx2,avx512] [--torch] [--iters 5] [--only S3,V2] [--ops fwd,bwd_in,bwd_w] [--cpu] [--json]
 * --simd times each build once per SIMD level named (setSimd; levels the CPU lacks are skipped),
 * as columns build:level. Layers (bench/conv_layers.ts): D* are StarNet's 7x7 depthwise ones.
 * oneDNN beside our kernels in one process: bench/onednn/run.ts.
 * Prints the best of --iters ms per kernel per build (the least disturbed run: the machine is
 * shared), GFLOP/s of the last build, and last build / PyTorch (also best of --iters). --cpu
 * times our kernels by process CPU time (all threads) instead of wall time: on a loaded machine
 * it shows the work done, not the waiting, and GFLOP/s become per core (PyTorch stays wall
 * time, so no ratio then).
 *
 * --step CONFIG (a model JSON) instead times whole steps of that model on the native backend,
 * the builds' conv entry points swapped into the loaded addon in turn, step by step (everything
 * but the three conv kernels is the current build):
 *   node --import tsx bench/conv.ts --addons base=/tmp/old.node,new=native/build/Release/yoloc_native.node \
 *     --step tests/runtime/yolov5_starnet_s8.model.json [--mode train|forward] [--batch 2] [--size 320] [--steps 5]
 *     [--threads N]
 * and prints each build's median wall time per step (and of it, inside the conv calls) and
 * least process CPU time per step.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ADDON_PATH } from '../runtime/backend/native/addon.js';
import type { NativeAddon, SimdLevel } from '../runtime/backend/native/addon.js';
import { CONV_LAYERS, convGflop, convOutSize, type ConvLayer } from './conv_layers.js';
import type { Dict } from '../runtime/model/build.js';

const { values: o } = parseArgs({
  options: {
    addons: { type: 'string', default: `new=${ADDON_PATH}` }, torch: { type: 'boolean', default: false },
    iters: { type: 'string', default: '5' }, only: { type: 'string' }, json: { type: 'boolean', default: false },
    cpu: { type: 'boolean', default: false }, ops: { type: 'string', default: 'fwd,bwd_in,bwd_w' },
    step: { type: 'string' }, mode: { type: 'string', default: 'train' }, batch: { type: 'string', default: '2' },
    size: { type: 'string', default: '320' }, steps: { type: 'string', default: '5' }, threads: { type: 'string' },
    simd: { type: 'string' },
  },
});

/** One column of our timings: an addon build, at a SIMD level when --simd names some. */
interface Build { name: string; addon: NativeAddon; simd?: string }

const loadBuilds = (): Build[] => o.addons.split(',').flatMap((s) => {
  const [name, file] = s.includes('=') ? s.split('=') : [path.basename(s), s];
  const addon = createRequire(import.meta.url)(path.resolve(file)) as NativeAddon;
  if (!o.simd) return [{ name, addon }];
  const have = addon.info().simdLevels ?? [addon.info().simd];
  return o.simd.split(',').filter((l) => {
    if (!have.includes(l)) console.error(`${name}: SIMD level ${l} not available here (${have.join(', ')}), skipped`);
    return have.includes(l);
  }).map((l) => ({ name: `${name}:${l}`, addon, simd: l }));
});
/** Sets b's SIMD level (when it has one) before its calls. */
const useLevel = (b: Build): void => { if (b.simd) b.addon.setSimd(b.simd as SimdLevel); };

/** --step: whole model steps, each build's conv kernels swapped in turn into the runtime's addon. */
async function stepAB(cfgPath: string): Promise<void> {
  const tf = await import('@tensorflow/tfjs-core');
  const { selectBackend } = await import('../runtime/backend/index.js');
  const { loadAddon } = await import('../runtime/backend/native/addon.js');
  const { buildDetector } = await import('../runtime/model/build.js');
  if ((await selectBackend('native', { quiet: true })) !== 'native') throw new Error('native backend unavailable');
  const live = loadAddon() as NativeAddon;
  const names = ['conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter'] as const;
  // Each build's own entry points, taken before any swap: the current build's module is the
  // very object the runtime uses (require caches it), so its entries are about to be replaced.
  const builds = loadBuilds().map((b) => ({ ...b, fns: names.map((n) => b.addon[n].bind(b.addon) as (...args: unknown[]) => void) }));
  // --threads 1 takes the waiting for a descheduled second thread out of a loaded machine's figures.
  if (o.threads) for (const b of [live, ...builds.map((x) => x.addon)]) b.setThreads(Number(o.threads));
  // Time inside the conv calls too: the step's total also carries GC and other kernels, whose
  // noise can hide a change in the convolutions alone.
  let inConv = 0;
  const use = (b: typeof builds[number]): void => {
    useLevel(b);
    names.forEach((n, i) => {
      const f = b.fns[i];
      Object.assign(live, { [n]: (...args: unknown[]) => { const t0 = performance.now(); f(...args); inConv += performance.now() - t0; } });
    });
  };
  const model = buildDetector(JSON.parse(readFileSync(cfgPath, 'utf8')) as Dict);
  const params = model.namedParams().filter(([, p]) => p.trainable).map(([, p]) => p.variable);
  const x = tf.randomUniform([Number(o.batch), Number(o.size), Number(o.size), 3]) as import('@tensorflow/tfjs-core').Tensor4D;
  const step = (): void => {
    tf.tidy(() => {
      if (o.mode !== 'train') {
        for (const t of model.forward(x, { training: false }).clsScores) t.dataSync();
        return;
      }
      const { grads } = tf.variableGrads(() => {
        const out = model.forward(x, { training: true });
        return tf.addN([...out.clsScores, ...out.bboxPreds, ...out.objectnesses].map((t) => tf.mean(tf.square(t)))) as import('@tensorflow/tfjs-core').Scalar;
      }, params);
      for (const v of params) v.assign(tf.sub(v, tf.mul(grads[v.name], 1e-6)));
    });
    if (o.mode === 'train') model.discardBatchNormUpdates();
  };
  const wall = builds.map(() => [] as number[]), cpu = builds.map(() => Infinity), conv = builds.map(() => [] as number[]);
  builds.forEach((b) => { use(b); step(); }); // warm-up
  for (let i = 0; i < Number(o.steps); i++) {
    builds.forEach((b, k) => {
      use(b);
      const t0 = performance.now(), c0 = process.cpuUsage();
      inConv = 0;
      step();
      const c = process.cpuUsage(c0);
      wall[k].push(performance.now() - t0);
      conv[k].push(inConv);
      cpu[k] = Math.min(cpu[k], (c.user + c.system) / 1e3);
    });
  }
  const med = (a: number[]): number => [...a].sort((p, q) => p - q)[a.length >> 1];
  console.log(`${path.basename(cfgPath)} ${o.mode} ${o.batch}x${o.size}, ${o.steps} steps each: ` +
    builds.map((b, k) => `${b.name} median ${med(wall[k]).toFixed(0)} ms (in conv calls ${med(conv[k]).toFixed(0)}), cpu min ${cpu[k].toFixed(0)} ms`).join(' | '));
}

if (o.step) {
  await stepAB(o.step);
  process.exit(0);
}

type Layer = ConvLayer;
const ALL = CONV_LAYERS;
const only = o.only ? new Set(o.only.split(',')) : null;
const layers = ALL.filter((l) => !only || only.has(l.name));
const iters = Number(o.iters);
const ALL_OPS = ['fwd', 'bwd_in', 'bwd_w'] as const;
type Op = typeof ALL_OPS[number];
const OPS = ALL_OPS.filter((op) => o.ops.split(',').includes(op));

const outSize = convOutSize;

const fill = (n: number): Float32Array => Float32Array.from({ length: n }, () => Math.random() * 2 - 1);

/**
 * Best-of-iters ms of each op of layer l on every build. The builds take turns within each
 * iteration, so a burst of load from other users hits them alike.
 */
function timeLayer(builds: Build[], l: Layer): Array<Record<Op, number>> {
  const [oh, ow] = outSize(l);
  const dwl = l.groups > 1;
  // A depthwise geometry's 7th entry is the channel multiplier (1).
  const geom = Int32Array.from([l.n, l.h, l.w, l.c, l.kh, l.kw, dwl ? 1 : l.co, oh, ow, l.sh, l.sw, 1, 1, l.ph, l.pw]);
  const x = fill(l.n * l.h * l.w * l.c), w = fill(l.kh * l.kw * (dwl ? 1 : l.c) * l.co);
  const y = new Float32Array(l.n * oh * ow * l.co), dy = fill(y.length);
  const dx = new Float32Array(x.length), dw = new Float32Array(w.length);
  const calls: Record<Op, (a: NativeAddon) => void> = dwl ? {
    fwd: (a) => a.depthwise(x, w, null, y, geom, 0, 0),
    bwd_in: (a) => a.depthwiseBackpropInput(dy, w, dx, geom),
    bwd_w: (a) => a.depthwiseBackpropFilter(x, dy, dw, geom),
  } : {
    fwd: (a) => a.conv2d(x, w, null, y, geom, 0, 0),
    bwd_in: (a) => a.conv2dBackpropInput(dy, w, dx, geom),
    bwd_w: (a) => a.conv2dBackpropFilter(x, dy, dw, geom),
  };
  const res = builds.map(() => ({ fwd: Infinity, bwd_in: Infinity, bwd_w: Infinity }));
  for (const op of OPS) {
    for (const b of builds) { useLevel(b); calls[op](b.addon); } // warm-up: scratch buffers grow on the first call
    for (let i = 0; i < iters; i++) {
      builds.forEach((b, k) => {
        useLevel(b);
        const a = b.addon;
        const t0 = performance.now(), c0 = process.cpuUsage();
        calls[op](a);
        const c = process.cpuUsage(c0);
        const ms = o.cpu ? (c.user + c.system) / 1e3 : performance.now() - t0;
        res[k][op] = Math.min(res[k][op], ms);
      });
    }
  }
  return res;
}

let torch: Record<string, Record<Op, number>> | null = null;
if (o.torch) {
  const r = spawnSync('/usr/bin/python3', [path.resolve(import.meta.dirname, 'kernels_torch.py'), '--iters', String(iters)],
    // Passive OpenMP waits: spinning workers collapse (10-40x) when other processes share the
    // 2 cores; on an idle machine the default (active) is a little faster.
    { input: JSON.stringify(layers), encoding: 'utf8', maxBuffer: 1 << 24,
      env: { ...process.env, OMP_WAIT_POLICY: process.env.OMP_WAIT_POLICY ?? 'PASSIVE' } });
  if (r.status !== 0) throw new Error(`kernels_torch.py failed: ${r.stderr}`);
  torch = JSON.parse(r.stdout) as Record<string, Record<Op, number>>;
}

const builds = loadBuilds();
const rows: Array<Record<string, string | number>> = [];
const totals = new Map<string, number>();
for (const l of layers) {
  const per = timeLayer(builds, l);
  const gflop = convGflop(l);
  for (const op of OPS) {
    const row: Record<string, string | number> = { layer: l.name, op };
    builds.forEach((b, i) => {
      row[b.name] = Number(per[i][op].toFixed(3));
      totals.set(b.name, (totals.get(b.name) ?? 0) + per[i][op]);
    });
    const last = per[per.length - 1][op];
    row.gflops = Number((gflop / (last / 1e3)).toFixed(1));
    if (torch && !o.cpu && torch[l.name]) {
      row.torch = Number(torch[l.name][op].toFixed(3));
      row.ratio = Number((last / torch[l.name][op]).toFixed(2));
      totals.set('torch', (totals.get('torch') ?? 0) + torch[l.name][op]);
    }
    rows.push(row);
    if (!o.json) {
      const shape = `${l.n}x${l.h}x${l.w}x${l.c} k${l.kh} s${l.sh} -> ${l.co}`;
      console.log(`${l.name.padEnd(4)} ${shape.padEnd(28)} ${op.padEnd(6)} ` +
        builds.map((b) => `${b.name} ${String(row[b.name]).padStart(8)}`).join('  ') +
        `  ${String(row.gflops).padStart(6)} GF/s${o.cpu ? '/core' : ''}` + (torch && !o.cpu ? `  torch ${String(row.torch).padStart(8)}  x${row.ratio}` : ''));
    }
  }
}
if (o.json) console.log(JSON.stringify({ rows, totals: Object.fromEntries(totals) }));
else console.log(`totals (ms): ${[...totals].map(([k, v]) => `${k} ${v.toFixed(1)}`).join('  ')}`);
