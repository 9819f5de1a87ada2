/**
 * SGD exactly as torch.optim.SGD (momentum, dampening 0, Nesterov, L2 weight decay added to the
 * gradient), with parameter groups whose lr, momentum and weight decay the schedule changes
 * per iteration, as YOLOv5OptimizerConstructor and YOLOv5ParamSchedulerHook need.
 */
import * as tf from '@tensorflow/tfjs-core';
import { sgdUpdate } from '../nn/fused_ops.js';

export interface ParamGroup {
  /** Parameter names (state_dict keys) in this group. */
  names: string[];
  lr: number;
  momentum: number;
  weightDecay: number;
  nesterov: boolean;
  /** The lr and momentum the schedule starts from (torch's initial_lr / initial_momentum). */
  initialLr: number;
  initialMomentum: number;
}

/** The state that a checkpoint must carry to resume exactly. */
export interface SgdState {
  groups: Omit<ParamGroup, 'names'>[];
  /** Momentum buffers by parameter name. */
  buffers: Map<string, tf.Tensor>;
}

export class SGD {
  /** Momentum buffers (torch's `momentum_buffer`), created on a parameter's first step. */
  readonly buffers = new Map<string, tf.Variable>();

  constructor(readonly groups: ParamGroup[]) {}

  /** One optimizer step: p -= lr * d, with d as torch computes it. Gradients are not disposed. */
  step(params: Map<string, tf.Variable>, grads: Map<string, tf.Tensor>): void {
    for (const g of this.groups) {
      if (this.fusedStep(g, params, grads)) continue;
      for (const name of g.names) {
        const p = params.get(name);
        const grad = grads.get(name);
        if (!p || !grad) continue;
        tf.tidy(() => {
          let d: tf.Tensor = grad;
          if (g.weightDecay !== 0) d = tf.add(d, tf.mul(p, g.weightDecay));
          if (g.momentum !== 0) {
            const buf = this.buffers.get(name);
            let next: tf.Tensor;
            if (!buf) {
              next = d;
              this.buffers.set(name, tf.variable(tf.clone(d), false, `sgd/${name}`));
            } else {
              next = tf.add(tf.mul(buf, g.momentum), d);
              buf.assign(next);
            }
            d = g.nesterov ? tf.add(d, tf.mul(next, g.momentum)) : next;
          }
          p.assign(tf.sub(p, tf.mul(d, g.lr)));
        });
      }
    }
  }

  /** The whole group in one kernel where the backend has it (every buffer exists: not the
   * first step); false when the per-parameter ops must run. */
  private fusedStep(g: ParamGroup, params: Map<string, tf.Variable>, grads: Map<string, tf.Tensor>): boolean {
    const names = g.names.filter((n) => params.has(n) && grads.has(n));
    if (g.momentum !== 0 && !names.every((n) => this.buffers.has(n))) return false;
    return tf.tidy(() => {
      const r = sgdUpdate(names.map((n) => params.get(n)!), names.map((n) => grads.get(n)!),
        g.momentum !== 0 ? names.map((n) => this.buffers.get(n)!) : [],
        { lr: g.lr, momentum: g.momentum, weightDecay: g.weightDecay, nesterov: g.nesterov });
      if (r === null) return false;
      names.forEach((n, i) => {
        params.get(n)!.assign(r.params[i]!);
        if (g.momentum !== 0) this.buffers.get(n)!.assign(r.bufs[i]!);
      });
      return true;
    });
  }

  /** Snapshot for a checkpoint (tensors are clones the caller owns). */
  state(): SgdState {
    return {
      groups: this.groups.map(({ names: _n, ...rest }) => ({ ...rest })),
      buffers: new Map([...this.buffers].map(([k, v]) => [k, tf.clone(v)])),
    };
  }

  /** Restores a snapshot taken by state() on a optimizer with the same groups. */
  load(state: SgdState): void {
    if (state.groups.length !== this.groups.length) throw new Error(`optimizer state has ${state.groups.length} groups, expected ${this.groups.length}`);
    state.groups.forEach((s, i) => Object.assign(this.groups[i]!, s));
    for (const v of this.buffers.values()) v.dispose();
    this.buffers.clear();
    for (const [k, t] of state.buffers) this.buffers.set(k, tf.variable(t, false, `sgd/${k}`));
  }

  dispose(): void {
    for (const v of this.buffers.values()) v.dispose();
    this.buffers.clear();
  }
}

/**
 * YOLOv5OptimizerConstructor's three groups: [0] conv/linear weights with weight decay,
 * [1] norm weights, [2] biases (last, because the warmup treats group 2 specially).
 * A 1-D `weight` is a norm layer's (BatchNorm); weight decay is scaled by
 * total_batch * accumulate / 64 where accumulate = max(round(64 / total_batch), 1).
 */
export function yolov5ParamGroups(
  params: Map<string, tf.Variable>,
  opt: { lr: number; momentum: number; weightDecay: number; nesterov: boolean; batchSizePerGpu?: number; worldSize?: number; baseTotalBatchSize?: number },
): ParamGroup[] {
  const weights: string[] = [];
  const norms: string[] = [];
  const biases: string[] = [];
  for (const [name, p] of params) {
    if (name.endsWith('.bias')) biases.push(name);
    else if (name.endsWith('.weight') && p.rank === 1) norms.push(name);
    else weights.push(name);
  }
  let wd = opt.weightDecay;
  if (opt.batchSizePerGpu !== undefined) {
    const base = opt.baseTotalBatchSize ?? 64;
    const total = (opt.worldSize ?? 1) * opt.batchSizePerGpu;
    const accumulate = Math.max(pyRound(base / total), 1);
    const scale = (total * accumulate) / base;
    if (scale !== 1) wd *= scale;
  }
  const group = (names: string[], weightDecay: number): ParamGroup => ({
    names, lr: opt.lr, momentum: opt.momentum, weightDecay, nesterov: opt.nesterov,
    initialLr: opt.lr, initialMomentum: opt.momentum,
  });
  return [group(weights, wd), group(norms, 0), group(biases, 0)];
}

/** Python's round(): half to even. */
export function pyRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
