/**
 * Reads what the training engine needs out of a resolved config (MMYOLO's keys and defaults):
 * data loaders, optimizer, schedule, EMA, checkpoint and loop settings. Every bad value is a
 * YC7402 naming the config key.
 */
import { YolocError } from '../errors.js';
import { DEFAULT_SCHEDULE, type YoloV5ScheduleConfig } from './schedule.js';
import type { LoaderOptions } from '../data/loader.js';
import type { DatasetCfg } from '../data/dataset.js';

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
  optimizer: { lr: number; momentum: number; weightDecay: number; nesterov: boolean; batchSizePerGpu?: number };
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
  const optType = String(opt.type ?? 'SGD');
  if (optType !== 'SGD') throw bad('optim_wrapper.optimizer.type', `'${optType}' has no runtime implementation (SGD has)`);
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
    optimizer: {
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
