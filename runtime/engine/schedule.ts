/**
 * YOLOv5ParamSchedulerHook as pure functions: warmup over max(round(warmup_epochs * iters per
 * epoch), warmup_min_iter) iterations (bias lr from warmup_bias_lr down, others from 0 up, momentum
 * from warmup_momentum up), then the lr factor of the epoch, linear or cosine, to lr_factor.
 */
export interface YoloV5ScheduleConfig {
  schedulerType: 'linear' | 'cosine';
  lrFactor: number;
  maxEpochs: number;
  warmupEpochs: number;
  warmupBiasLr: number;
  warmupMomentum: number;
  warmupMinIter: number;
}

export const DEFAULT_SCHEDULE: YoloV5ScheduleConfig = {
  schedulerType: 'linear', lrFactor: 0.01, maxEpochs: 300, warmupEpochs: 3,
  warmupBiasLr: 0.1, warmupMomentum: 0.8, warmupMinIter: 1000,
};

/** The multiplier of the base lr after `epoch` epochs (mmyolo's linear_fn / cosine_fn). */
export function lrFactorAt(cfg: YoloV5ScheduleConfig, epoch: number): number {
  if (cfg.schedulerType === 'cosine') return ((1 - Math.cos((epoch * Math.PI) / cfg.maxEpochs)) / 2) * (cfg.lrFactor - 1) + 1;
  return (1 - epoch / cfg.maxEpochs) * (1.0 - cfg.lrFactor) + cfg.lrFactor;
}

/** numpy.interp for two points, clamped. */
function interp(x: number, x0: number, x1: number, y0: number, y1: number): number {
  if (x <= x0) return y0;
  if (x >= x1) return y1;
  return y0 + ((x - x0) * (y1 - y0)) / (x1 - x0);
}

export function warmupIters(cfg: YoloV5ScheduleConfig, itersPerEpoch: number): number {
  return Math.max(Math.round(cfg.warmupEpochs * itersPerEpoch), cfg.warmupMinIter);
}

/**
 * lr and momentum of each group before iteration `iter` (0-based, counted over the whole run)
 * of epoch `epoch`, or null when the warmup is over (then the values set at the end of the
 * previous epoch stand). Group 2 holds the biases.
 */
export function warmupValues(
  cfg: YoloV5ScheduleConfig, iter: number, epoch: number, itersPerEpoch: number,
  base: { lr: number; momentum: number }[],
): { lr: number; momentum: number }[] | null {
  const total = warmupIters(cfg, itersPerEpoch);
  if (iter > total) return null;
  const f = lrFactorAt(cfg, epoch);
  return base.map((b, i) => ({
    lr: interp(iter, 0, total, i === 2 ? cfg.warmupBiasLr : 0, b.lr * f),
    momentum: interp(iter, 0, total, cfg.warmupMomentum, b.momentum),
  }));
}

/** The lr of each group set after epoch `epoch` ends (after_train_epoch). */
export function epochEndLr(cfg: YoloV5ScheduleConfig, epoch: number, baseLr: number[]): number[] {
  const f = lrFactorAt(cfg, epoch);
  return baseLr.map((lr) => lr * f);
}

/** Parameter groups as a schedule sees them (OptimizerGroup's lr and momentum). */
export interface ScheduledGroup {
  lr: number;
  momentum: number;
  /** torch's initial_lr / initial_momentum (what MMEngine's schedulers scale from). */
  readonly initialLr: number;
  readonly initialMomentum: number;
}

/** A parameter schedule as the loop drives it; pure in (iter, epoch), so resuming needs no state. */
export interface ParamScheduler {
  /** Before iteration `iter` (0-based over the run) of 0-based `epoch`: sets the groups' lr/momentum. */
  beforeIter(iter: number, epoch: number, itersPerEpoch: number, groups: ScheduledGroup[]): void;
  /** After 0-based `epoch` ends. */
  afterEpoch(epoch: number, groups: ScheduledGroup[]): void;
}

/** YOLOv5ParamSchedulerHook over groups that start at `base` (their initial lr and momentum). */
export function yolov5Scheduler(cfg: YoloV5ScheduleConfig, base: { lr: number; momentum: number }[]): ParamScheduler {
  return {
    beforeIter(iter, epoch, itersPerEpoch, groups) {
      const wv = warmupValues(cfg, iter, epoch, itersPerEpoch, base);
      if (wv) wv.forEach((v, i) => Object.assign(groups[i]!, v));
    },
    afterEpoch(epoch, groups) {
      epochEndLr(cfg, epoch, base.map((g) => g.lr)).forEach((lr, i) => { groups[i]!.lr = lr; });
    },
  };
}
