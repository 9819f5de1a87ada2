/**
 * Reads what the training engine needs out of a resolved config (MMYOLO's keys and defaults):
 * data loaders, optimizer, schedule, EMA, checkpoint and loop settings. Every bad value is a
 * YC7402 naming the config key.
 */
import { YolocError } from '../errors.js';
import { DEFAULT_SCHEDULE, type YoloV5ScheduleConfig } from './schedule.js';
import type { LoaderOptions } from '../data/loader.js';
import type { DatasetCfg } from '../data/dataset.js';
import type { TransformCfg } from '../data/results.js';

type Dict = Record<string, unknown>;

export function isDict(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bad(key: string, why: string): YolocError {
  return new YolocError('YC7402', `config ${key}: ${why}`);
}

function num(d: Dict, key: string, where: string, fallback: number): number {
  const v = d[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(`${where}.${key}`, `must be a number, got ${JSON.stringify(v)}`);
  return v;
}

/** An own string property (safe for keys like `constructor` that objects inherit). */
function ownString(d: Dict, key: string): string | undefined {
  const v: unknown = Object.hasOwn(d, key) ? Reflect.get(d, key) : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** Finds a hook dict by type in default_hooks (by name) or custom_hooks (by type). */
function hook(cfg: Dict, name: string, type: string): Dict | undefined {
  const dh = cfg.default_hooks;
  if (isDict(dh) && isDict(dh[name])) return dh[name] as Dict;
  const ch = cfg.custom_hooks;
  if (Array.isArray(ch)) return ch.find((h): h is Dict => isDict(h) && String(h.type).replace(/^\w+\./, '') === type);
  return undefined;
}

export interface TrainSettings {
  maxEpochs: number;
  valInterval: number;
  /** train_cfg.dynamic_intervals as MMEngine's calc_dynamic_intervals: milestones and intervals, milestone 0 first. */
  dynamicIntervals: { milestones: number[]; intervals: number[] };
  optimizer: { type: string; lr: number; momentum: number; weightDecay: number; nesterov: boolean; batchSizePerGpu?: number };
  /** optim_wrapper.clip_grad (max_norm, L2), or null. */
  clipGrad: { maxNorm: number } | null;
  /** PipelineSwitchHook: from 0-based epoch `epoch` on, the training set uses `pipeline`. */
  pipelineSwitch: { epoch: number; pipeline: TransformCfg[] } | null;
  schedule: YoloV5ScheduleConfig | null;
  ema: { momentum: number; gamma: number; interval: number; updateBuffers: boolean } | null;
  checkpoint: { interval: number; maxKeep: number; saveBest: string | null };
  logInterval: number;
  train: LoaderOptions;
  val: LoaderOptions | null;
  /** val_evaluator.ann_file (CocoMetric), relative to the working directory. */
  valAnnFile: string | null;
}

/** A dataloader dict (train_dataloader / val_dataloader) as LoaderOptions. */
export function loaderOptions(cfg: Dict, key: string, baseDir: string, seed: number): LoaderOptions {
  const dl = cfg[key];
  if (!isDict(dl)) throw bad(key, 'is missing or not a dict');
  if (!isDict(dl.dataset)) throw bad(`${key}.dataset`, 'is missing or not a dict');
  const sampler = isDict(dl.sampler) ? dl.sampler : {};
  const model = isDict(cfg.model) ? cfg.model : {};
  const pre = isDict(model.data_preprocessor) ? model.data_preprocessor : {};
  return {
    dataset: dl.dataset as unknown as DatasetCfg,
    baseDir,
    batchSize: num(dl, 'batch_size', key, 1),
    shuffle: sampler.shuffle === undefined ? key.startsWith('train') : Boolean(sampler.shuffle),
    dropLast: Boolean(dl.drop_last ?? false),
    numWorkers: num(dl, 'num_workers', key, 0),
    seed,
    preprocess: pre as LoaderOptions['preprocess'],
  };
}

/** Everything the loop needs, with MMYOLO's defaults where a key is absent. */
export function trainSettings(cfg: Dict, baseDir: string, seed: number): TrainSettings {
  const trainCfg = isDict(cfg.train_cfg) ? cfg.train_cfg : {};
  const maxEpochs = num(trainCfg, 'max_epochs', 'train_cfg', 300);
  const valInterval = num(trainCfg, 'val_interval', 'train_cfg', 1);
  const ow = isDict(cfg.optim_wrapper) ? cfg.optim_wrapper : {};
  const opt = isDict(ow.optimizer) ? ow.optimizer : null;
  if (!opt) throw bad('optim_wrapper.optimizer', 'is missing');
  const optType = String(opt.type ?? 'SGD').replace(/^\w+\./, '');
  const ps = hook(cfg, 'param_scheduler', 'YOLOv5ParamSchedulerHook');
  const psType = ps ? String(ps.type ?? '') : '';
  const schedule = ps && psType.endsWith('YOLOv5ParamSchedulerHook') ? {
    schedulerType: (ps.scheduler_type === 'cosine' ? 'cosine' : 'linear') as 'linear' | 'cosine',
    lrFactor: num(ps, 'lr_factor', 'param_scheduler', DEFAULT_SCHEDULE.lrFactor),
    maxEpochs: num(ps, 'max_epochs', 'param_scheduler', maxEpochs),
    warmupEpochs: num(ps, 'warmup_epochs', 'param_scheduler', DEFAULT_SCHEDULE.warmupEpochs),
    warmupBiasLr: num(ps, 'warmup_bias_lr', 'param_scheduler', DEFAULT_SCHEDULE.warmupBiasLr),
    warmupMomentum: num(ps, 'warmup_momentum', 'param_scheduler', DEFAULT_SCHEDULE.warmupMomentum),
    warmupMinIter: num(ps, 'warmup_mim_iter', 'param_scheduler', DEFAULT_SCHEDULE.warmupMinIter),
  } : null;
  const emaHook = hook(cfg, 'ema', 'EMAHook');
  const ema = emaHook ? {
    momentum: num(emaHook, 'momentum', 'EMAHook', 0.0002),
    gamma: num(emaHook, 'gamma', 'EMAHook', 2000),
    interval: num(emaHook, 'interval', 'EMAHook', 1),
    updateBuffers: Boolean(emaHook.update_buffers ?? false),
  } : null;
  const ck = hook(cfg, 'checkpoint', 'CheckpointHook') ?? {};
  const logger = hook(cfg, 'logger', 'LoggerHook') ?? {};
  const saveBest = ck.save_best === undefined || ck.save_best === null ? null : String(ck.save_best);
  const ve = isDict(cfg.val_evaluator) ? cfg.val_evaluator : null;
  return {
    maxEpochs, valInterval,
    dynamicIntervals: dynamicIntervals(trainCfg.dynamic_intervals, valInterval),
    clipGrad: clipGrad(ow.clip_grad),
    pipelineSwitch: pipelineSwitch(cfg),
    optimizer: {
      type: optType,
      lr: num(opt, 'lr', 'optim_wrapper.optimizer', 0.01),
      momentum: num(opt, 'momentum', 'optim_wrapper.optimizer', 0),
      weightDecay: num(opt, 'weight_decay', 'optim_wrapper.optimizer', 0),
      nesterov: Boolean(opt.nesterov ?? false),
      batchSizePerGpu: ownString(ow, 'constructor') === 'YOLOv5OptimizerConstructor' && typeof opt.batch_size_per_gpu === 'number' ? opt.batch_size_per_gpu : undefined,
    },
    schedule, ema,
    checkpoint: { interval: num(ck, 'interval', 'CheckpointHook', 1), maxKeep: num(ck, 'max_keep_ckpts', 'CheckpointHook', -1), saveBest },
    logInterval: num(logger, 'interval', 'LoggerHook', 50),
    train: loaderOptions(cfg, 'train_dataloader', baseDir, seed),
    val: isDict(cfg.val_dataloader) && cfg.val_cfg !== null ? loaderOptions(cfg, 'val_dataloader', baseDir, seed) : null,
    valAnnFile: ve && typeof ve.ann_file === 'string' ? ve.ann_file : null,
  };
}

/** MMEngine's calc_dynamic_intervals: [0, m1, ...] and [val_interval, i1, ...]. */
function dynamicIntervals(v: unknown, start: number): TrainSettings['dynamicIntervals'] {
  const out = { milestones: [0], intervals: [start] };
  if (v === undefined || v === null) return out;
  if (!Array.isArray(v)) throw bad('train_cfg.dynamic_intervals', 'must be a list of (epoch, interval) pairs');
  for (const [i, pair] of v.entries()) {
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((x) => typeof x === 'number' && Number.isInteger(x) && x > 0)) {
      throw bad(`train_cfg.dynamic_intervals[${i}]`, `must be an (epoch, interval) pair of positive integers, got ${JSON.stringify(pair)}`);
    }
    out.milestones.push(pair[0] as number);
    out.intervals.push(pair[1] as number);
  }
  return out;
}

/** The validation interval in force after `done` epochs (MMEngine's _decide_current_val_interval: bisect at done + 1). */
export function valIntervalAfter(d: TrainSettings['dynamicIntervals'], done: number): number {
  let step = 0;
  while (step < d.milestones.length && d.milestones[step]! <= done + 1) step++;
  return d.intervals[step - 1]!;
}

function clipGrad(v: unknown): TrainSettings['clipGrad'] {
  if (v === undefined || v === null) return null;
  if (!isDict(v)) throw bad('optim_wrapper.clip_grad', 'must be a dict such as dict(max_norm=10.0)');
  const type = v.type === undefined ? 'norm' : String(v.type);
  if (type !== 'norm') throw bad('optim_wrapper.clip_grad.type', `'${type}' is not implemented (only 'norm': torch.nn.utils.clip_grad_norm_)`);
  const normType = num(v, 'norm_type', 'optim_wrapper.clip_grad', 2);
  if (normType !== 2) throw bad('optim_wrapper.clip_grad.norm_type', `${normType} is not implemented (only 2)`);
  for (const k of Object.keys(v)) {
    if (!['type', 'max_norm', 'norm_type'].includes(k)) throw bad(`optim_wrapper.clip_grad.${k}`, 'is not read by the yoloc runtime');
  }
  const maxNorm = num(v, 'max_norm', 'optim_wrapper.clip_grad', NaN);
  if (!(maxNorm > 0)) throw bad('optim_wrapper.clip_grad.max_norm', 'must be a positive number');
  return { maxNorm };
}

/** custom_hooks' PipelineSwitchHook (mmdet's: switch_epoch, switch_pipeline). */
function pipelineSwitch(cfg: Dict): TrainSettings['pipelineSwitch'] {
  const h = hook(cfg, 'pipeline_switch', 'PipelineSwitchHook');
  if (!h) return null;
  const epoch = num(h, 'switch_epoch', 'PipelineSwitchHook', NaN);
  if (!Number.isInteger(epoch) || epoch < 0) throw bad('custom_hooks PipelineSwitchHook.switch_epoch', `must be a non-negative integer, got ${JSON.stringify(h.switch_epoch)}`);
  if (!Array.isArray(h.switch_pipeline)) throw bad('custom_hooks PipelineSwitchHook.switch_pipeline', 'must be a list of transform dicts');
  return { epoch, pipeline: h.switch_pipeline as TransformCfg[] };
}
