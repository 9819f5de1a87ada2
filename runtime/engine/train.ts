/**
 * The training loop, top to bottom, as MMEngine's EpochBasedTrainLoop runs MMYOLO's YOLOv5
 * recipe: per iteration the warmup schedule, forward in training mode, the YOLOv5 loss,
 * gradients, torch-exact SGD, BatchNorm running statistics, EMA; per epoch the lr decay,
 * validation with the EMA weights every val_interval, checkpoints (atomic, max_keep_ckpts,
 * save_best). `resume` continues from the last complete checkpoint exactly: weights, EMA,
 * optimizer buffers, schedule position, best metric (data order and augmentation depend only on
 * (seed, epoch, index), so the epochs that follow are the same as in an uninterrupted run).
 */
import * as tf from '@tensorflow/tfjs-core';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildDetector } from '../model/build.js';
import { seedInit } from '../nn/init.js';
import type { YOLODetector } from '../model/detector.js';
import type { Channels } from '../model/contracts.js';
import { loadStateDict } from '../io/weights.js';
import { readWeightsFile } from '../io/weights-file.js';
import { DataLoader } from '../data/loader.js';
import { loadCoco } from '../data/coco.js';
import { YolocError } from '../errors.js';
import { ExpMomentumEMA } from './ema.js';
import { yolov5Scheduler, type ParamScheduler } from './schedule.js';
import { MMEngineSchedule } from './param-scheduler.js';
import { buildOptimizer, clipGradNorm, type Optimizer, type OptimizerState } from './optimizer.js';
import { headTrainingFor, totalLoss, type LossBatch } from './head-training.js';
import { saveCheckpoint, loadCheckpoint, markLast, findLast, pruneCheckpoints } from './checkpoint.js';
import { TrainLogger } from './logger.js';
import { trainSettings, isDict, valIntervalAfter, type TrainSettings } from './setup.js';
import { batchTensor, predictLoader } from './evaluate.js';
import { cocoMetrics } from './metric.js';
import { variableGradsAsync, variableGradsLowMemory } from './grads.js';
import { checkDeviceErrors } from '../backend/device-errors.js';
import { loadFromPath } from './load-from.js';
import { checkpointStateAsync } from './snapshot.js';

export interface TrainOptions {
  /** The resolved config (JSON). */
  config: Record<string, unknown>;
  workDir: string;
  /** The text log (default `<workDir>/train.log`); checkpoints and vis_data stay in workDir. */
  logFile?: string;
  /** Where relative data paths start (the working directory by default). */
  baseDir?: string;
  /** true: resume from work_dir's last checkpoint if there is one; a path: from that file. */
  resume?: boolean | string;
  /** Initial weights (.safetensors or .pth); overrides the config's load_from (MMEngine's). */
  loadFrom?: string;
  maxEpochs?: number;
  seed?: number;
  quiet?: boolean;
  /** Stop after this many iterations in total (smoke runs); the state at the stop is checkpointed. */
  maxIters?: number;
  /** Called after each checkpoint is written (hooks, tests). */
  onCheckpoint?: (file: string) => void;
}

export interface TrainResult {
  epochs: number;
  iters: number;
  lastMetrics: Record<string, number> | null;
  bestMetric: number | null;
  lastCheckpoint: string | null;
  losses: number[];
}

/** Trains a detector as the config says; see the module doc. */
export async function train(opts: TrainOptions): Promise<TrainResult> {
  const cfg = opts.config;
  const baseDir = opts.baseDir ?? process.cwd();
  const seed = opts.seed ?? (isDict(cfg.randomness) && typeof cfg.randomness.seed === 'number' ? cfg.randomness.seed : 0);
  const s: TrainSettings = trainSettings(cfg, baseDir, seed);
  const maxEpochs = opts.maxEpochs ?? s.maxEpochs;
  mkdirSync(opts.workDir, { recursive: true });
  const log = new TrainLogger(opts.workDir, opts.quiet, opts.logFile);

  if (!isDict(cfg.model)) throw new YolocError('YC7402', 'config has no model dict');
  seedInit(seed); // the same seed builds the same initial weights
  const model = buildDetector(cfg.model);
  seedInit(null);
  const emaModel = s.ema ? buildDetector(cfg.model) : null;
  // the family's loss (and assigner), by bbox_head type; YC7201 for a head without one
  const headTraining = headTrainingFor(cfg.model);
  const lossNames = headTraining.lossNames;
  const resumeFrom = typeof opts.resume === 'string' ? opts.resume : opts.resume ? findLast(opts.workDir) : null;
  // Resuming restores every weight: load_from is not read then (MMEngine's runner does the same).
  const loadFrom = resumeFrom ? null : loadFromPath(opts.loadFrom, cfg.load_from);
  const named = opts.loadFrom ?? cfg.load_from;
  if (resumeFrom && typeof named === 'string' && named) log.info(`load_from ${named} not loaded: resuming from ${resumeFrom}`);
  if (loadFrom) {
    // MMEngine's load_checkpoint(strict=False): missing, unexpected and mismatched keys are skipped, with a warning.
    const report = loadStateDict(model, readWeightsFile(loadFrom.file), { strict: false, skipMismatched: true, file: loadFrom.file });
    const few = (xs: string[]) => xs.slice(0, 4).join(', ') + (xs.length > 4 ? ', ...' : '');
    log.info(`load_from ${loadFrom.file} (${loadFrom.from}): loaded ${report.loaded} tensors; missing ${report.missingKeys.length}${report.missingKeys.length ? ` (${few(report.missingKeys)})` : ''}, unexpected ${report.unexpectedKeys.length}${report.unexpectedKeys.length ? ` (${few(report.unexpectedKeys)})` : ''}, size mismatch ${report.mismatchedKeys.length}${report.mismatchedKeys.length ? ` (${few(report.mismatchedKeys)}; left as initialised)` : ''}`);
  }
  const params = model.parameters();
  // What the step differentiates: frozen stages (requires_grad False) get no gradient, so SGD leaves them unchanged.
  const gradParams = [...model.gradParameters().values()];
  if (gradParams.length < params.size) {
    const frozen = [...params.keys()].filter((k) => !model.gradParameters().has(k));
    log.info(`frozen (no gradients, BatchNorm in eval mode): ${frozen.length} of ${params.size} parameter tensors, ${frozen[0]} .. ${frozen[frozen.length - 1]}`);
  }
  const keyOf = new Map([...params].map(([k, v]) => [v.name, k]));
  const optimizer: Optimizer = buildOptimizer(params, cfg, s);
  // a shared tensor's names in the state_dict (MMEngine's update_buffers EMA averages it once per name)
  const names = new Map<unknown, number>();
  for (const [, p] of model.namedParams()) names.set(p, (names.get(p) ?? 0) + 1);
  const repeats = new Map(model.uniqueParams().map(([k, p]) => [k, names.get(p)!]));
  const ema = s.ema ? new ExpMomentumEMA(s.ema.momentum, s.ema.gamma, s.ema.interval, s.ema.updateBuffers, repeats) : null;

  const trainLoader = new DataLoader({ ...s.train, switchPipeline: s.pipelineSwitch, warn: (m) => log.info(`warning: ${m}`) });
  const valLoader = s.val ? new DataLoader({ ...s.val, warn: (m) => log.info(`warning: ${m}`) }) : null;
  const itersPerEpoch = trainLoader.length;
  if (itersPerEpoch === 0) throw new YolocError('YC7402', 'the training set yields no batch (empty dataset, or drop_last with fewer images than batch_size)');

  // --- resume ---------------------------------------------------------------------------------
  let epoch = 0;
  let iter = 0;
  let best: number | null = null;
  let bestFile: string | null = null;
  let skipInEpoch = 0;
  if (resumeFrom) {
    const ck = loadCheckpoint(resumeFrom);
    const trainWeights = ck.ema.size ? ck.ema : ck.model;
    loadStateDict(model, trainWeights, { strict: true, file: resumeFrom });
    const m = ck.meta as { epoch: number; iter: number; iterInEpoch?: number; groups: OptimizerState['groups']; emaSteps?: number; best?: number | null; bestFile?: string | null };
    optimizer.load({ groups: m.groups, buffers: new Map([...ck.optimizer].map(([k, t]) => [k, tf.tensor(t.data, t.shape)])) });
    if (ema && emaModel) {
      loadStateDict(emaModel, ck.model, { strict: true, file: resumeFrom });
      ema.update(new Map(emaModel.parameters()), new Map(emaModel.buffers())); // steps 0 copies
      ema.steps = m.emaSteps ?? 0;
    }
    epoch = m.epoch;
    iter = m.iter;
    best = m.best ?? null;
    bestFile = m.bestFile ?? null;
    skipInEpoch = m.iterInEpoch ?? 0;
    const scalars = path.join(opts.workDir, 'vis_data', 'scalars.json');
    if (existsSync(scalars)) log.seed(readFileSync(scalars, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)));
    log.info(`resumed from ${resumeFrom}: epoch ${epoch}, iter ${iter}${skipInEpoch ? ` (mid-epoch: its first ${skipInEpoch} batch${skipInEpoch === 1 ? ' is' : 'es are'} skipped)` : ''}`);
  }
  const baseGroups = optimizer.groups.map((g) => ({ lr: g.initialLr, momentum: g.initialMomentum }));
  const scheduler: ParamScheduler | null = s.schedule ? yolov5Scheduler(s.schedule, baseGroups)
    : cfg.param_scheduler !== undefined && cfg.param_scheduler !== null ? new MMEngineSchedule(cfg.param_scheduler, itersPerEpoch) as unknown as ParamScheduler : null;

  const catIds = s.valAnnFile && valLoader ? loadCoco(path.resolve(baseDir, s.valAnnFile), '', valLoader.dataset.classes).catIds : [];
  const losses: number[] = [];
  let lastMetrics: Record<string, number> | null = null;
  let lastCheckpoint: string | null = resumeFrom;
  let savedAt = iter;
  let inEpoch = 0;
  const totalIters = maxEpochs * itersPerEpoch;
  const stopAt = opts.maxIters ?? Infinity;
  const startIter = iter;
  const t0 = Date.now();
  // Loss scalars are read asynchronously: on a GPU backend at most once per logging interval
  // (and at the end of each epoch), all pending iterations in one go; on CPU backends every
  // iteration. A non-finite loss stops training with YC7403 naming its iteration.
  const onGpu = tf.getBackend() === 'webgpu';
  const pending: { epoch: number; inEpoch: number; values: tf.Tensor }[] = [];
  // [total, ...lossNames, grad_norm when clip_grad is on]
  let lastLoss: number[] = [NaN, ...lossNames.map(() => NaN)];
  const lossError = (total: number, ep: number, inEp: number): YolocError =>
    new YolocError('YC7403', `the loss became ${total} at epoch ${ep + 1}, iteration ${inEp + 1}`, undefined, 'lower the learning rate (optim_wrapper.optimizer.lr) or check the annotations');
  /** Reads every pending loss; the first non-finite one comes back as an error (not thrown). */
  const flush = async (): Promise<YolocError | null> => {
    const batch = pending.splice(0);
    try {
      const datas = await Promise.all(batch.map((p) => p.values.data()));
      checkDeviceErrors();
      for (const [i, p] of batch.entries()) {
        const d = datas[i]!;
        if (!Number.isFinite(d[0]!)) return lossError(d[0]!, p.epoch, p.inEpoch);
        losses.push(d[0]!);
        lastLoss = [...d];
      }
      return null;
    } finally {
      tf.dispose(batch.map((p) => p.values));
    }
  };
  log.info(`training ${maxEpochs} epochs x ${itersPerEpoch} iterations, batch ${s.train.batchSize}, ${model.countParams().toLocaleString('en-US')} parameters, work_dir ${opts.workDir}`);
  log.startBar(totalIters, iter, maxEpochs);

  try {
    for (; epoch < maxEpochs && iter < stopAt; epoch++) {
      let tData = Date.now();
      inEpoch = skipInEpoch;
      const batches = trainLoader.epoch(epoch, skipInEpoch);
      skipInEpoch = 0;
      for await (const batch of batches) {
        const dataTime = (Date.now() - tData) / 1000;
        const tStep = Date.now();
        scheduler?.beforeIter(iter, epoch, itersPerEpoch, optimizer.groups);
        const x = batchTensor(batch);
        const [N, , H, W] = batch.shape;
        const lb: LossBatch = { gt: batch.gt, inputShape: [H, W], batchSize: N };
        let parts: tf.Scalar[] = [];
        const sum = (l: Record<string, tf.Scalar>) => {
          parts = lossNames.map((k) => tf.keep(l[k]!));
          return totalLoss(l, lossNames);
        };
        const forward = () => model.forward(x, { training: true }) as unknown as Record<string, tf.Tensor[]>;
        // a family whose assigner reads predictions (prepare) runs it between forward and loss, off the tape
        const { value, grads: rawGrads } = headTraining.prepare
          ? await variableGradsAsync(forward, (o) => headTraining.prepare!(o, lb), (o, p) => sum(headTraining.loss(o, lb, p)), gradParams)
          : variableGradsLowMemory(() => sum(headTraining.loss(forward(), lb, undefined)), gradParams);
        let grads: Record<string, tf.Tensor> = rawGrads;
        let gradNorm: tf.Scalar | null = null;
        if (s.clipGrad) {
          const c = clipGradNorm(new Map(Object.entries(rawGrads)), s.clipGrad.maxNorm);
          grads = Object.fromEntries(c.grads);
          gradNorm = c.norm;
        }
        // The loss scalars (and the grad norm) stay on the device as one tensor, read later (see flush).
        pending.push({ epoch, inEpoch, values: tf.tidy(() => tf.stack([value, ...parts, ...(gradNorm ? [gradNorm] : [])])) });
        tf.dispose([x, value, ...parts, ...(gradNorm ? [gradNorm] : [])]);
        if (!onGpu) {
          // On CPU backends a read costs nothing: check the loss before the step, as always.
          const bad = await flush();
          if (bad) {
            tf.dispose(Object.values(grads));
            model.discardBatchNormUpdates();
            throw bad;
          }
        }
        const gradsByKey = new Map(Object.entries(grads).map(([name, g]) => [keyOf.get(name)!, g]));
        optimizer.step(params, gradsByKey);
        tf.dispose(Object.values(grads));
        model.applyBatchNormUpdates();
        ema?.update(params, model.buffers());
        iter++;
        inEpoch++;
        const stepTime = (Date.now() - tStep) / 1000;
        const logNow = inEpoch % Math.min(s.logInterval, itersPerEpoch) === 0 || iter >= stopAt || inEpoch === itersPerEpoch;
        if (onGpu && logNow) {
          const bad = await flush();
          if (bad) throw bad;
        }
        const rate = (Date.now() - t0) / 1000 / Math.max(iter - startIter, 1); // s per iteration, validations included
        log.tickBar({ epoch: epoch + 1, iter, loss: lastLoss[0]!, secPerIter: rate, eta: rate * (totalIters - iter) });
        if (inEpoch % Math.min(s.logInterval, itersPerEpoch) === 0 || iter >= stopAt) {
          const losses: Record<string, number> = { loss: lastLoss[0]! };
          lossNames.forEach((k, i) => { losses[k] = lastLoss[i + 1]!; });
          if (s.clipGrad) losses.grad_norm = lastLoss[lossNames.length + 1]!;
          log.trainIter({
            epoch: epoch + 1, iterInEpoch: inEpoch, itersPerEpoch, iter, lr: optimizer.groups[0]!.lr, eta: rate * (totalIters - iter),
            time: stepTime + dataTime, dataTime, losses,
          });
        }
        if (iter >= stopAt) break;
        tData = Date.now();
      }
      if (iter >= stopAt && inEpoch < itersPerEpoch) break; // checkpointed after the loop, as a partial epoch
      scheduler?.afterEpoch(epoch, optimizer.groups);

      const done = epoch + 1;
      const evalModel = emaModel ?? model;
      if (emaModel && ema) for (const [k, p] of emaModel.namedParams()) { const a = ema.avg.get(k); if (a) p.variable.assign(a); }
      const valInterval = valIntervalAfter(s.dynamicIntervals, done);
      if (valLoader && catIds.length && (done % valInterval === 0 || done === maxEpochs)) {
        log.stopBar();
        const results = await predictLoader(evalModel, valLoader, catIds);
        lastMetrics = cocoMetrics(path.resolve(baseDir, s.valAnnFile!), results);
        log.valEpoch(done, iter, lastMetrics);
        log.startBar(totalIters, iter, maxEpochs);
      }
      // checkpoint: state_dict = deploy weights (EMA, as MMEngine's EMAHook swaps them in), ema = training weights
      const wantBest = s.checkpoint.saveBest && lastMetrics && (done % valInterval === 0 || done === maxEpochs);
      const key = s.checkpoint.saveBest === 'auto' ? 'coco/bbox_mAP' : s.checkpoint.saveBest;
      const metric = wantBest && key && lastMetrics ? lastMetrics[key] ?? null : null;
      const isBest = metric !== null && (best === null || metric > best);
      if (done % s.checkpoint.interval === 0 || done === maxEpochs || isBest) {
        const file = path.join(opts.workDir, `epoch_${done}.safetensors`);
        if (isBest) {
          best = metric;
        }
        const ckpt = await checkpointOf(done, 0);
        if (isBest && key) {
          const bf = path.join(opts.workDir, `best_${key.replace(/\//g, '_')}_epoch_${done}.safetensors`);
          ckpt.meta.bestFile = bf;
          saveCheckpoint(bf, ckpt);
          opts.onCheckpoint?.(bf);
          if (bestFile && bestFile !== bf && existsSync(bestFile)) (await import('node:fs')).unlinkSync(bestFile);
          bestFile = bf;
          log.info(`new best ${key} ${metric!.toFixed(4)}: ${path.basename(bf)}`);
        }
        if (done % s.checkpoint.interval === 0 || done === maxEpochs) {
          saveCheckpoint(file, ckpt);
          markLast(opts.workDir, file);
          pruneCheckpoints(opts.workDir, s.checkpoint.maxKeep);
          lastCheckpoint = file;
          savedAt = iter;
          log.info(`saved checkpoint ${path.basename(file)}`);
          opts.onCheckpoint?.(file);
        }
      }
    }
    if (iter > savedAt) {
      // A run stopped by --max-iters before its next checkpoint: save where it stopped, so that
      // --resume continues there (mid-epoch: the loader skips the batches already trained on).
      const partial = inEpoch < itersPerEpoch ? inEpoch : 0;
      if (partial && emaModel && ema) for (const [k, p] of emaModel.namedParams()) { const a = ema.avg.get(k); if (a) p.variable.assign(a); }
      const file = path.join(opts.workDir, partial ? `iter_${iter}.safetensors` : `epoch_${epoch}.safetensors`);
      saveCheckpoint(file, await checkpointOf(epoch, partial));
      markLast(opts.workDir, file);
      lastCheckpoint = file;
      log.info(`saved checkpoint ${path.basename(file)} at the stop (iteration ${iter}${partial ? `, ${partial} of ${itersPerEpoch} in epoch ${epoch + 1}: a partial epoch` : ''})`);
      opts.onCheckpoint?.(file);
    }
  } finally {
    tf.dispose(pending.splice(0).map((p) => p.values));
    log.stopBar();
    log.plot();
    await trainLoader.close();
    await valLoader?.close();
    optimizer.dispose();
    ema?.dispose();
    model.dispose();
    emaModel?.dispose();
  }
  return { epochs: epoch, iters: iter, lastMetrics, bestMetric: best, lastCheckpoint, losses };

  /** The checkpoint of the current state after `epochs` complete epochs and `iterInEpoch` more iterations. */
  function checkpointOf(epochs: number, iterInEpoch: number) {
    return checkpointStateAsync(optimizer, emaModel ?? model, emaModel ? model : null,
      { epoch: epochs, iter, iterInEpoch, emaSteps: ema?.steps ?? 0, best, bestFile, seed, config: cfg });
  }
}

export type { YOLODetector, Channels };
