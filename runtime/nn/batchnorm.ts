/**
 * nn.BatchNorm2d in NHWC with PyTorch's semantics: eval normalises with running statistics;
 * training normalises with the batch mean and biased variance and queues a running update
 * (running = (1 - momentum) * running + momentum * batch, unbiased variance) that
 * applyUpdates() performs after the optimizer step, outside any gradient tape.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Layer, type Module } from './module.js';
import { constant } from './init.js';
import { activation, batchNormTrain, emaUpdate } from './fused_ops.js';
import type { ActName } from './fused_ops.js';

/** BatchNorm2d (PyTorch momentum convention). */
export class BatchNorm2d extends Layer {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;
  readonly runningMean: tf.Variable;
  readonly runningVar: tf.Variable;
  /** Batch statistics of training forwards since the last applyUpdates(), oldest first. */
  private pending: { mean: tf.Tensor1D; varUnbiased: tf.Tensor1D }[] = [];
  /**
   * PyTorch's `bn.eval()` inside a model that trains (MMYOLO's frozen_stages, norm_eval): training
   * forwards normalise with the running statistics and leave them unchanged; gradients still flow.
   */
  evalMode = false;

  constructor(readonly numFeatures: number, readonly eps = 1e-5, readonly momentum = 0.1) {
    super();
    this.weight = this.addParam('weight', [numFeatures], 'plain', true, constant(1));
    this.bias = this.addParam('bias', [numFeatures], 'plain', true, constant(0));
    this.runningMean = this.addParam('running_mean', [numFeatures], 'plain', false, constant(0));
    this.runningVar = this.addParam('running_var', [numFeatures], 'plain', false, constant(1));
  }

  /** BN then `act` (fused into the normalisation in training where the backend can). */
  forward(x: tf.Tensor4D, training: boolean, act: ActName = 'linear'): tf.Tensor4D {
    if (!training || this.evalMode) {
      return activation(tf.batchNorm4d(x, this.runningMean as tf.Tensor1D, this.runningVar as tf.Tensor1D,
        this.bias as tf.Tensor1D, this.weight as tf.Tensor1D, this.eps), act);
    }
    const { y, mean, variance } = batchNormTrain(x, this.weight, this.bias, this.eps, act);
    const n = x.size / this.numFeatures;
    // Kept past the tidy/tape of the step; applyUpdates() disposes them. The batch mean is the
    // kernel's own output, kept (the tape saves its own reference for the gradient).
    this.pending.push({
      mean: tf.keep(mean),
      varUnbiased: tf.keep(tf.tidy(() => tf.mul(variance, n / Math.max(n - 1, 1)))) as tf.Tensor1D,
    });
    return y;
  }

  /** Number of queued batch statistics. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Folds the queued batch statistics into the running ones, in order. */
  applyUpdates(): void {
    const m = this.momentum;
    for (const s of this.pending) {
      tf.tidy(() => {
        this.runningMean.assign(tf.add(tf.mul(this.runningMean, 1 - m), tf.mul(s.mean, m)));
        this.runningVar.assign(tf.add(tf.mul(this.runningVar, 1 - m), tf.mul(s.varUnbiased, m)));
      });
      s.mean.dispose();
      s.varUnbiased.dispose();
    }
    this.pending = [];
  }

  /** The queued statistics, handed over (applyBatchNormUpdates). */
  takeUpdates(): { mean: tf.Tensor1D; varUnbiased: tf.Tensor1D }[] {
    const p = this.pending;
    this.pending = [];
    return p;
  }

  /** Drops queued statistics (a step that was abandoned). */
  discardUpdates(): void {
    for (const s of this.pending) { s.mean.dispose(); s.varUnbiased.dispose(); }
    this.pending = [];
  }
}

/**
 * applyUpdates() of many BatchNorms: those with one queued update, one fused EMA kernel per
 * momentum where the backend has it (running = running * (1 - m) + batch * m, the same float32
 * steps as applyUpdates: the same bits), instead of six kernels each; the rest one by one.
 */
export function applyBatchNormUpdates(bns: readonly BatchNorm2d[]): void {
  const byMomentum = new Map<number, BatchNorm2d[]>();
  for (const bn of bns) {
    if (bn.pendingCount !== 1) { bn.applyUpdates(); continue; }
    const l = byMomentum.get(bn.momentum) ?? [];
    l.push(bn);
    byMomentum.set(bn.momentum, l);
  }
  for (const [m, group] of byMomentum) {
    const ups = group.map((bn) => bn.takeUpdates()[0]!);
    const avgs = group.flatMap((bn) => [bn.runningMean, bn.runningVar]);
    const srcs = ups.flatMap((u) => [u.mean, u.varUnbiased]);
    const outs = emaUpdate(avgs, srcs, m);
    if (outs === null) {
      group.forEach((bn, i) => {
        const u = ups[i]!;
        tf.tidy(() => {
          bn.runningMean.assign(tf.add(tf.mul(bn.runningMean, 1 - m), tf.mul(u.mean, m)));
          bn.runningVar.assign(tf.add(tf.mul(bn.runningVar, 1 - m), tf.mul(u.varUnbiased, m)));
        });
      });
    } else {
      avgs.forEach((v, i) => v.assign(outs[i]!));
      tf.dispose(outs);
    }
    tf.dispose(ups.flatMap((u) => [u.mean, u.varUnbiased]));
  }
}

/** Puts every BatchNorm below `m` in eval mode for training forwards (PyTorch's `bn.eval()` on each). */
export function batchNormsToEval(m: Module): void {
  for (const x of m.modules()) if (x instanceof BatchNorm2d) x.evalMode = true;
}
