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
}

/** tf.profile's kernel list summed by kernel name (op wrappers such as fusedConv2d__op, which
 * contain a kernel, and customGrad's 'unnamed scope' wrappers are left out: nothing counts twice). */
export async function profileKernels(fn: () => void | Promise<void>): Promise<KernelTime[]> {
  const info = await tf.profile(fn);
  const by = new Map<string, KernelTime>();
  for (const k of info.kernels) {
    if (k.name.endsWith('__op') || k.name === 'unnamed scope') continue;
    const e = by.get(k.name) ?? { kernel: k.name, ms: 0, calls: 0 };
    e.ms += Number(k.kernelTimeMs) || 0;
    e.calls += 1;
    by.set(k.name, e);
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
  const engine = new OnnxEngine(model);
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
    return { median_s: median, times_s: times, peak_rss_mib: Math.round(peak / 2 ** 20), tensor_growth: 0 };
  } finally {
    await engine.release();
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
    return { median_s: median, times_s: times, peak_rss_mib: Math.round(peak / 2 ** 20), tensor_growth: growth, profile, gpu };
  } finally {
    x.dispose();
    sgd.dispose();
    model.dispose();
  }
}
