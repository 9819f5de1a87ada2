/**
 * Step timing as MMYOLO users know it from its benchmark tool: N steps after a warm-up, on
 * random input of a given batch and size; `train` runs the real step (forward in training
 * mode, the family's loss on random boxes, gradients, SGD (AdamW where the config has it),
 * BatchNorm updates). Returns the median, so one slow step on a shared machine does not decide
 * the figure.
 */
import * as tf from '@tensorflow/tfjs-core';
import { buildDetector } from '../model/build.js';
import { seedInit } from '../nn/init.js';
import { YolocError } from '../errors.js';
import { SGD, yolov5ParamGroups } from './sgd.js';
import { AdamW, adamwParamGroups, adamwSettings } from './adamw.js';
import { isDict } from './setup.js';
import { evalForward } from './evaluate.js';
import { variableGradsAsync, variableGradsLowMemory } from './grads.js';
import { headTrainingFor, totalLoss, type LossBatch } from './head-training.js';
import { checkDeviceErrors } from '../backend/device-errors.js';
import { planInfo, profilePlans } from '../backend/native/plan/index.js';
import { loadAddon } from '../backend/native/addon.js';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface BenchOptions {
  config: Record<string, unknown>;
  mode: 'forward' | 'train';
  batch: number;
  size: number;
  steps: number;
  warmup?: number;
  seed?: number;
  /** Also profile one more step per kernel (tf.profile): where the time goes. */
  profile?: boolean;
  /** 'tfjs' (default) or 'onnxruntime' (forward only: the model exported to ONNX, run by onnxruntime-node). */
  engine?: 'tfjs' | 'onnxruntime';
}

/** One kernel's share of a profiled step. */
export interface KernelTime {
  kernel: string;
  ms: number;
  calls: number;
}

export interface BenchResult {
  median_s: number;
  times_s: number[];
  /** Peak resident memory of the process during the run, MiB. */
  peak_rss_mib: number;
  /** tfjs tensors alive after the last step minus after the first (0 when nothing leaks). */
  tensor_growth: number;
  /** Per-kernel time of one extra step, slowest first (with `profile`). */
  profile?: KernelTime[];
  /** On a GPU backend (with `profile`): per step, compute dispatches and bytes moved between
   * CPU and GPU, and whether kernel times came from GPU timestamp queries. */
  gpu?: { dispatches: number; bytes_up: number; bytes_down: number; uniform_bytes: number; timestamps: boolean };
  /** On the native backend: the SIMD level of its kernels, and (forward) whether an inference
   * plan ran the steps. */
  native?: { simd: string; plan?: boolean };
}

/** tf.profile's kernel list summed by kernel name (op wrappers such as fusedConv2d__op, which
 * contain a kernel, and customGrad's 'unnamed scope' wrappers are left out: nothing counts twice),
 * plus the ops of native inference plans it ran ('plan: conv 3x3 s2 32->64 silu at 160x160', one
 * entry per op line: plans run outside tfjs's kernels). */
export async function profileKernels(fn: () => void | Promise<void>): Promise<KernelTime[]> {
  let planOps: { op: string; ms: number; calls: number }[] = [];
  const info = await tf.profile(async () => { planOps = await profilePlans(async () => { await fn(); }); });
  const by = new Map<string, KernelTime>();
  for (const k of info.kernels) {
    if (k.name.endsWith('__op') || k.name === 'unnamed scope') continue;
    const e = by.get(k.name) ?? { kernel: k.name, ms: 0, calls: 0 };
    e.ms += Number(k.kernelTimeMs) || 0;
    e.calls += 1;
    by.set(k.name, e);
  }
  for (const p of planOps) by.set(`plan: ${p.op}`, { kernel: `plan: ${p.op}`, ms: p.ms, calls: p.calls });
  return [...by.values()].sort((a, b) => b.ms - a.ms);
}

/** onnxruntime's own profile of one run (its JSON trace): node times of that run, summed by op
 * type and output shape ('Conv 1x64x160x160'), slowest first. */
export function onnxProfile(file: string): KernelTime[] {
  type Ev = { cat?: string; name?: string; ts: number; dur: number; args?: { op_name?: string; output_type_shape?: Record<string, number[]>[] } };
  const events = JSON.parse(readFileSync(file, 'utf8')) as Ev[];
  const run = events.filter((e) => e.name === 'model_run').at(-1);
  const by = new Map<string, KernelTime>();
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name?.endsWith('_kernel_time') || (run && (e.ts < run.ts || e.ts > run.ts + run.dur))) continue;
    const shape = Object.values(e.args?.output_type_shape?.[0] ?? {})[0] ?? [];
    const k = `${e.args?.op_name ?? '?'} ${shape.join('x')}`;
    const v = by.get(k) ?? { kernel: k, ms: 0, calls: 0 };
    v.ms += e.dur / 1000;
    v.calls += 1;
    by.set(k, v);
  }
  return [...by.values()].sort((a, b) => b.ms - a.ms);
}

/** Deterministic pseudo-random numbers for the boxes. */
function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Forward steps through onnxruntime on the same model and input (NCHW). */
async function benchOnnx(o: BenchOptions, model: ReturnType<typeof buildDetector>, x: tf.Tensor4D): Promise<BenchResult> {
  if (o.mode !== 'forward') throw new YolocError('YC7402', '--engine onnxruntime benchmarks forward only (--mode forward)');
  const { OnnxEngine } = await import('../export/onnx/engine.js');
  const profDir = o.profile ? mkdtempSync(path.join(tmpdir(), 'yoloc-ort-')) : undefined;
  const engine = new OnnxEngine(model, profDir ? { profilePrefix: path.join(profDir, 'ort') } : {});
  const nchw = tf.tidy(() => tf.transpose(x, [0, 3, 1, 2]));
  const input = { dtype: 'float32' as const, shape: [...nchw.shape], data: (await nchw.data()) as Float32Array };
  nchw.dispose();
  try {
    await engine.session(input.shape);
    for (let i = 0; i < (o.warmup ?? 1); i++) await engine.runNCHW(input);
    const times: number[] = [];
    let peak = process.memoryUsage().rss;
    for (let i = 0; i < o.steps; i++) {
      const t0 = performance.now();
      await engine.runNCHW(input);
      times.push((performance.now() - t0) / 1000);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    let profile: KernelTime[] | undefined;
    if (profDir) {
      // One more run, then onnxruntime writes its trace; that run's node times.
      await engine.runNCHW(input);
      const file = await engine.endProfiling(input.shape);
      profile = file ? onnxProfile(file) : undefined;
    }
    return { median_s: median, times_s: times, peak_rss_mib: Math.round(peak / 2 ** 20), tensor_growth: 0, profile };
  } finally {
    await engine.release();
    if (profDir) rmSync(profDir, { recursive: true, force: true });
  }
}

/** Times `steps` steps after `warmup` untimed ones. */
export async function benchSteps(o: BenchOptions): Promise<BenchResult> {
  if (!isDict(o.config.model)) throw new YolocError('YC7402', 'config has no model dict');
  seedInit(o.seed ?? 0);
  const model = buildDetector(o.config.model);
  seedInit(null);
  const modelCfg = o.config.model as Record<string, unknown>;
  const training = o.mode === 'train' ? headTrainingFor(modelCfg) : null;
  const head = isDict(modelCfg.bbox_head) ? modelCfg.bbox_head : {};
  const hm = isDict(head.head_module) ? head.head_module : {};
  const numClasses = typeof hm.num_classes === 'number' ? hm.num_classes : 80;
  const params = model.parameters();
  // the config's optimizer where it is AdamW (RTMDet), else SGD as YOLOv5's recipe steps
  const ow = isDict(o.config.optim_wrapper) ? o.config.optim_wrapper : {};
  const adamw = isDict(ow.optimizer) && String(ow.optimizer.type ?? '').replace(/^\w+\./, '') === 'AdamW';
  const sgd: { step(p: Map<string, tf.Variable>, g: Map<string, tf.Tensor>): void; dispose(): void } = adamw
    ? new AdamW(adamwParamGroups(params, adamwSettings(ow)))
    : new SGD(yolov5ParamGroups(params, { lr: 0.01, momentum: 0.937, weightDecay: 0.0005, nesterov: true }));
  const rnd = lcg(o.seed ?? 0);
  const x = tf.randomUniform([o.batch, o.size, o.size, 3], 0, 1, 'float32', o.seed ?? 0) as tf.Tensor4D;
  const rows: number[] = [];
  for (let b = 0; b < o.batch; b++) {
    for (let k = 0; k < 4; k++) {
      const w = o.size * (0.05 + 0.4 * rnd()), h = o.size * (0.05 + 0.4 * rnd());
      const x1 = (o.size - w) * rnd(), y1 = (o.size - h) * rnd();
      rows.push(b, Math.floor(rnd() * numClasses), x1, y1, x1 + w, y1 + h);
    }
  }
  const gt = Float32Array.from(rows);
  if (o.engine === 'onnxruntime') {
    try {
      return await benchOnnx(o, model, x);
    } finally {
      x.dispose();
      sgd.dispose();
      model.dispose();
    }
  }
  const keyOf = new Map([...params].map(([k, v]) => [v.name, k]));
  const gradParams = [...model.gradParameters().values()]; // as train.ts: frozen stages get no gradient
  // Each step ends by reading a result asynchronously (the only read a GPU backend has in
  // Node), so its time includes the device's work, as a caller reading results would see.
  const step = async (): Promise<void> => {
    if (o.mode === 'forward') {
      const out = evalForward(model, x) as unknown as Record<string, tf.Tensor[]>;
      const all = Object.values(out).flat();
      await Promise.all(all.map((t) => t.data()));
      tf.dispose(all);
      checkDeviceErrors();
      return;
    }
    const tr = training!;
    const lb: LossBatch = { gt, inputShape: [o.size, o.size], batchSize: o.batch };
    const forward = () => model.forward(x, { training: true }) as unknown as Record<string, tf.Tensor[]>;
    const { value, grads } = tr.prepare
      ? await variableGradsAsync(forward, (out) => tr.prepare!(out, lb), (out, p) => totalLoss(tr.loss(out, lb, p), tr.lossNames), gradParams)
      : variableGradsLowMemory(() => totalLoss(tr.loss(forward(), lb, undefined), tr.lossNames), gradParams);
    sgd.step(params, new Map(Object.entries(grads).map(([n, g]) => [keyOf.get(n)!, g])));
    model.applyBatchNormUpdates();
    const last = [...params.values()].at(-1);
    await Promise.all([value.data(), last?.data()]);
    tf.dispose([value, ...Object.values(grads)]);
    checkDeviceErrors();
  };
  let peak = process.memoryUsage().rss;
  try {
    for (let i = 0; i < (o.warmup ?? 1); i++) await step();
    const before = tf.memory().numTensors;
    const times: number[] = [];
    for (let i = 0; i < o.steps; i++) {
      const t0 = performance.now();
      await step();
      times.push((performance.now() - t0) / 1000);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    const growth = tf.memory().numTensors - before;
    let gpu: BenchResult['gpu'];
    if (o.profile && tf.getBackend() === 'webgpu') {
      const w = await import('../backend/webgpu/index.js');
      w.resetWebgpuCounters();
      await step();
      const c = w.webgpuCounters();
      gpu = { dispatches: c.dispatches, bytes_up: c.bytesUp, bytes_down: c.bytesDown, uniform_bytes: c.uniformBytes, timestamps: w.webgpuHasFeature('timestamp-query') };
    }
    const profile = o.profile ? await profileKernels(step) : undefined;
    let native: BenchResult['native'];
    if (tf.getBackend() === 'native') {
      const simd = loadAddon()?.info().simd ?? '?';
      native = o.mode === 'forward' ? { simd, plan: planInfo(model).some((e) => e.planned) } : { simd };
    }
    return { median_s: median, times_s: times, peak_rss_mib: Math.round(peak / 2 ** 20), tensor_growth: growth, profile, gpu, native };
  } finally {
    x.dispose();
    sgd.dispose();
    model.dispose();
  }
}
