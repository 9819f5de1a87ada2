/**
 * The optimizers the training loop can run, by optim_wrapper.optimizer.type, behind one
 * interface: parameter groups whose lr/momentum the schedule sets, a step, and a snapshot for
 * checkpoints. Adding an optimizer is one entry in OPTIMIZERS. Also OptimWrapper's clip_grad.
 */
import * as tf from '@tensorflow/tfjs-core';
import { YolocError } from '../errors.js';
import { SGD, yolov5ParamGroups } from './sgd.js';
import { AdamW, adamwParamGroups, adamwSettings } from './adamw.js';
import type { TrainSettings } from './setup.js';

/** What every optimizer's parameter group has (others may carry more, e.g. AdamW's betas). */
export interface OptimizerGroup {
  /** Parameter names (state_dict keys) in this group. */
  names: string[];
  lr: number;
  momentum: number;
  weightDecay: number;
  /** The lr and momentum the schedule starts from (torch's initial_lr / initial_momentum). */
  initialLr: number;
  initialMomentum: number;
}

/** A snapshot: the groups without their names, and every state tensor by a key of the optimizer's choosing. */
export interface OptimizerState<G extends OptimizerGroup = OptimizerGroup> {
  groups: Omit<G, 'names'>[];
  buffers: Map<string, tf.Tensor>;
}

/** An optimizer as the loop drives it. */
export interface Optimizer<G extends OptimizerGroup = OptimizerGroup> {
  readonly groups: G[];
  /** One step; gradients (by parameter name) are not disposed. */
  step(params: Map<string, tf.Variable>, grads: Map<string, tf.Tensor>): void;
  /** Clones the caller owns. */
  state(): OptimizerState<G>;
  load(state: OptimizerState<G>): void;
  dispose(): void;
}

type Dict = Record<string, unknown>;

/** Builds an optimizer over `params` from the resolved config (and the settings read from it). */
export type OptimizerFactory = (params: Map<string, tf.Variable>, cfg: Dict, s: TrainSettings) => Optimizer;

/** Optimizers by bare optim_wrapper.optimizer.type. */
export const OPTIMIZERS: Readonly<Record<string, OptimizerFactory>> = {
  // SGD with YOLOv5OptimizerConstructor's three groups (also what the constructor-less configs get)
  SGD: (params, _cfg, s) => new SGD(yolov5ParamGroups(params, s.optimizer)) as Optimizer,
  // torch.optim.AdamW with DefaultOptimWrapperConstructor's paramwise_cfg groups (RTMDet)
  AdamW: (params, cfg) => new AdamW(adamwParamGroups(params, adamwSettings(cfg.optim_wrapper))) as unknown as Optimizer,
};

/** The optimizer a config names; YC7402 for a type without an implementation. */
export function buildOptimizer(params: Map<string, tf.Variable>, cfg: Dict, s: TrainSettings): Optimizer {
  const make = OPTIMIZERS[s.optimizer.type];
  if (!make) throw new YolocError('YC7402', `config optim_wrapper.optimizer.type: '${s.optimizer.type}' has no runtime implementation (${Object.keys(OPTIMIZERS).join(', ')} ${Object.keys(OPTIMIZERS).length > 1 ? 'have' : 'has'})`);
  return make(params, cfg, s);
}

/**
 * torch.nn.utils.clip_grad_norm_(max_norm, norm_type=2), as MMEngine's OptimWrapper applies
 * clip_grad: every gradient times min(max_norm / (total_norm + 1e-6), 1), computed on the
 * device (no read). Returns the new gradients (the old ones are disposed) and the total norm.
 */
export function clipGradNorm(grads: Map<string, tf.Tensor>, maxNorm: number): { grads: Map<string, tf.Tensor>; norm: tf.Scalar } {
  const list = [...grads.values()];
  const norm = tf.tidy(() => tf.norm(tf.stack(list.map((g) => tf.norm(g)))) as tf.Scalar);
  const coef = tf.tidy(() => tf.minimum(tf.div(maxNorm, tf.add(norm, 1e-6)), 1));
  const out = new Map([...grads].map(([k, g]) => [k, tf.mul(g, coef)]));
  tf.dispose([...list, coef]);
  return { grads: out, norm };
}
