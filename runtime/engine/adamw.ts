/**
 * AdamW exactly as torch.optim.AdamW (PyTorch 1.13's single-tensor path, amsgrad off): per
 * parameter p *= 1 - lr * wd; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 * p += -lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps). Parameter groups as MMEngine's
 * DefaultOptimWrapperConstructor builds them from paramwise_cfg (norm_decay_mult,
 * bias_decay_mult, bypass_duplicate). Where the backend has it (the native addon), a whole group
 * is one call, bitwise equal to the per-parameter ops (tests/engine/adamw.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { YolocError } from '../errors.js';

/** The AdamW kernel (native/src/optim_adamw.cc) by name. */
export const ADAMW_KERNEL = 'YolocAdamWUpdate';

/** One parameter group. `momentum` is beta1 (what MMEngine's momentum schedulers change). */
export interface AdamWGroup {
  names: string[];
  lr: number;
  momentum: number;
  weightDecay: number;
  initialLr: number;
  initialMomentum: number;
  beta2: number;
  eps: number;
  /** Steps this group has taken (torch's per-parameter state['step']; a group steps together). */
  step: number;
}

/** A snapshot for a checkpoint: groups without names, moment buffers by `exp_avg/<name>`, `exp_avg_sq/<name>`. */
export interface AdamWState {
  groups: Omit<AdamWGroup, 'names'>[];
  buffers: Map<string, tf.Tensor>;
}

/** The float32 hyper-parameters of one group's step, as tfjs rounds its JS-number operands. */
export function adamwScalars(g: AdamWGroup): { decay: number; b1: number; c1: number; b2: number; c2: number; bc2sqrt: number; eps: number; negStep: number } {
  const bc1 = 1 - g.momentum ** g.step;
  const bc2 = 1 - g.beta2 ** g.step;
  return {
    decay: 1 - g.lr * g.weightDecay, b1: g.momentum, c1: 1 - g.momentum, b2: g.beta2, c2: 1 - g.beta2,
    bc2sqrt: Math.sqrt(bc2), eps: g.eps, negStep: -(g.lr / bc1),
  };
}

/** One parameter's update in tfjs ops: [p, m, v] after the step (the reference of the fused kernel). */
export function adamwOps(p: tf.Tensor, grad: tf.Tensor, m: tf.Tensor, v: tf.Tensor, g: AdamWGroup): [tf.Tensor, tf.Tensor, tf.Tensor] {
  const s = adamwScalars(g);
  return tf.tidy(() => {
    const p1 = g.weightDecay !== 0 ? tf.mul(p, s.decay) : p;
    const m1 = tf.add(tf.mul(m, s.b1), tf.mul(grad, s.c1));
    const v1 = tf.add(tf.mul(v, s.b2), tf.mul(tf.mul(grad, grad), s.c2));
    const denom = tf.add(tf.div(tf.sqrt(v1), s.bc2sqrt), s.eps);
    const p2 = tf.add(p1, tf.div(tf.mul(m1, s.negStep), denom));
    return [p2, m1, v1];
  });
}

export class AdamW {
  readonly expAvg = new Map<string, tf.Variable>();
  readonly expAvgSq = new Map<string, tf.Variable>();

  constructor(readonly groups: AdamWGroup[]) {}

  /** One step over every group; gradients are not disposed. Parameters without a gradient are skipped. */
  step(params: Map<string, tf.Variable>, gradsByName: Map<string, tf.Tensor>): void {
    // a shared tensor's gradient may come under any of its names
    const byVar = new Map<tf.Variable, tf.Tensor>();
    for (const [k, g] of gradsByName) { const p = params.get(k); if (p) byVar.set(p, g); }
    const grads = new Map<string, tf.Tensor>();
    for (const g of this.groups) for (const n of g.names) { const t = byVar.get(params.get(n)!); if (t) grads.set(n, t); }
    for (const g of this.groups) {
      const names = g.names.filter((n) => params.has(n) && grads.has(n));
      if (!names.length) continue;
      g.step += 1;
      for (const n of names) {
        if (!this.expAvg.has(n)) {
          const p = params.get(n)!;
          this.expAvg.set(n, tf.variable(tf.zerosLike(p), false));
          this.expAvgSq.set(n, tf.variable(tf.zerosLike(p), false));
        }
      }
      if (process.env.YOLOC_FUSED !== '0' && tf.getKernel(ADAMW_KERNEL, tf.getBackend()) !== undefined) {
        this.fusedStep(g, names, params, grads);
        continue;
      }
      for (const n of names) {
        const p = params.get(n)!, m = this.expAvg.get(n)!, v = this.expAvgSq.get(n)!;
        tf.tidy(() => {
          const [p2, m1, v1] = adamwOps(p, grads.get(n)!, m, v, g);
          p.assign(p2);
          m.assign(m1);
          v.assign(v1);
        });
      }
    }
  }

  /** The whole group in one kernel call. */
  private fusedStep(g: AdamWGroup, names: string[], params: Map<string, tf.Variable>, grads: Map<string, tf.Tensor>): void {
    const s = adamwScalars(g);
    tf.tidy(() => {
      const inputs: Record<string, tf.Tensor> = {};
      names.forEach((n, i) => {
        inputs[`p${i}`] = params.get(n)!;
        inputs[`g${i}`] = grads.get(n)!;
        inputs[`m${i}`] = this.expAvg.get(n)!;
        inputs[`v${i}`] = this.expAvgSq.get(n)!;
      });
      const out = tf.engine().runKernel(ADAMW_KERNEL, inputs, { count: names.length, ...s }) as tf.Tensor[];
      const k = names.length;
      names.forEach((n, i) => {
        params.get(n)!.assign(out[i]!);
        this.expAvg.get(n)!.assign(out[k + i]!);
        this.expAvgSq.get(n)!.assign(out[2 * k + i]!);
      });
    });
  }

  /** Snapshot for a checkpoint (tensors are clones the caller owns). */
  state(): AdamWState {
    const buffers = new Map<string, tf.Tensor>();
    for (const [k, v] of this.expAvg) buffers.set(`exp_avg/${k}`, tf.clone(v));
    for (const [k, v] of this.expAvgSq) buffers.set(`exp_avg_sq/${k}`, tf.clone(v));
    return { groups: this.groups.map(({ names: _n, ...rest }) => ({ ...rest })), buffers };
  }

  /** Restores a snapshot taken by state() on an optimizer with the same groups. */
  load(state: AdamWState): void {
    if (state.groups.length !== this.groups.length) throw new Error(`optimizer state has ${state.groups.length} groups, expected ${this.groups.length}`);
    state.groups.forEach((s, i) => Object.assign(this.groups[i]!, s));
    this.dispose();
    for (const [k, t] of state.buffers) {
      const slash = k.indexOf('/');
      const kind = k.slice(0, slash), name = k.slice(slash + 1);
      if (kind === 'exp_avg') this.expAvg.set(name, tf.variable(t, false));
      else if (kind === 'exp_avg_sq') this.expAvgSq.set(name, tf.variable(t, false));
      else throw new Error(`optimizer state key ${k} is not AdamW's (exp_avg/..., exp_avg_sq/...)`);
    }
  }

  dispose(): void {
    for (const v of [...this.expAvg.values(), ...this.expAvgSq.values()]) v.dispose();
    this.expAvg.clear();
    this.expAvgSq.clear();
  }
}

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

/** AdamW settings of `optim_wrapper` (optimizer + paramwise_cfg), torch's defaults where unset. */
export interface AdamWSettings {
  lr: number;
  weightDecay: number;
  betas: [number, number];
  eps: number;
  /** paramwise_cfg; null when the config has none (one group, every parameter decayed). */
  paramwise: { normDecayMult: number | null; biasDecayMult: number | null; bypassDuplicate: boolean } | null;
}

/** Reads optim_wrapper for AdamW; YC7402 for what the runtime does not implement. */
export function adamwSettings(optimWrapper: unknown): AdamWSettings {
  const bad = (key: string, msg: string) => new YolocError('YC7402', `config optim_wrapper.${key}: ${msg}`);
  if (!isDict(optimWrapper) || !isDict(optimWrapper.optimizer)) throw bad('optimizer', 'is missing');
  const o = optimWrapper.optimizer;
  const num = (v: unknown, key: string, d: number) => {
    if (v === undefined) return d;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(`optimizer.${key}`, `must be a number, got ${JSON.stringify(v)}`);
    return v;
  };
  for (const k of Object.keys(o)) {
    if (!['type', 'lr', 'weight_decay', 'betas', 'eps', 'amsgrad', 'maximize', 'foreach', 'capturable', 'differentiable', 'fused'].includes(k)) {
      throw bad(`optimizer.${k}`, 'is not a torch.optim.AdamW argument the runtime implements (lr, weight_decay, betas, eps)');
    }
  }
  if (o.amsgrad === true) throw bad('optimizer.amsgrad', 'True is not implemented (only False)');
  if (o.maximize === true) throw bad('optimizer.maximize', 'True is not implemented (only False)');
  const betas = o.betas === undefined ? [0.9, 0.999] : o.betas;
  if (!Array.isArray(betas) || betas.length !== 2 || !betas.every((b) => typeof b === 'number' && b >= 0 && b < 1)) throw bad('optimizer.betas', 'must be two numbers in [0, 1)');
  let paramwise: AdamWSettings['paramwise'] = null;
  const pw = optimWrapper.paramwise_cfg;
  if (pw !== undefined && pw !== null) {
    if (!isDict(pw)) throw bad('paramwise_cfg', 'must be a dict');
    for (const k of Object.keys(pw)) {
      if (!['norm_decay_mult', 'bias_decay_mult', 'bypass_duplicate'].includes(k)) throw bad(`paramwise_cfg.${k}`, 'is not implemented (norm_decay_mult, bias_decay_mult, bypass_duplicate are)');
    }
    paramwise = {
      normDecayMult: pw.norm_decay_mult === undefined || pw.norm_decay_mult === null ? null : num(pw.norm_decay_mult, 'paramwise_cfg.norm_decay_mult', 1),
      biasDecayMult: pw.bias_decay_mult === undefined || pw.bias_decay_mult === null ? null : num(pw.bias_decay_mult, 'paramwise_cfg.bias_decay_mult', 1),
      bypassDuplicate: pw.bypass_duplicate === true,
    };
  }
  return { lr: num(o.lr, 'lr', 0.001), weightDecay: num(o.weight_decay, 'weight_decay', 0.01), betas: betas as [number, number], eps: num(o.eps, 'eps', 1e-8), paramwise };
}

/**
 * MMEngine's groups, merged by weight decay: a rank-1 `weight` or its `bias` beside it belongs to
 * a norm layer (norm_decay_mult), other `bias` tensors take bias_decay_mult, the rest the base
 * weight decay. A variable met again under another name (a shared module) is skipped (with
 * paramwise_cfg only when bypass_duplicate is set; torch refuses a parameter in two groups).
 * Variables that are not trainable (frozen stages) are left out, as requires_grad=False ones.
 */
export function adamwParamGroups(params: Map<string, tf.Variable>, s: AdamWSettings): AdamWGroup[] {
  const seen = new Map<tf.Variable, string>();
  const byDecay = new Map<number, string[]>();
  const norms = new Set<string>();
  for (const [name, p] of params) if (name.endsWith('.weight') && p.rank === 1) norms.add(name.slice(0, -'.weight'.length));
  for (const [name, p] of params) {
    if (!p.trainable) continue;
    const first = seen.get(p);
    if (first !== undefined) {
      // model.parameters() (no paramwise_cfg) yields a shared tensor once; add_params needs bypass_duplicate
      if (!s.paramwise || s.paramwise.bypassDuplicate) continue;
      throw new YolocError('YC7402', `parameter ${name} is the same tensor as ${first} (a shared module): set optim_wrapper.paramwise_cfg.bypass_duplicate=True`);
    }
    seen.set(p, name);
    let wd = s.weightDecay;
    if (s.paramwise) {
      const owner = name.slice(0, name.lastIndexOf('.'));
      const isNorm = norms.has(owner) && (name.endsWith('.weight') || name.endsWith('.bias'));
      if (isNorm && s.paramwise.normDecayMult !== null) wd = s.weightDecay * s.paramwise.normDecayMult;
      else if (!isNorm && name.endsWith('.bias') && s.paramwise.biasDecayMult !== null) wd = s.weightDecay * s.paramwise.biasDecayMult;
    }
    if (!byDecay.has(wd)) byDecay.set(wd, []);
    byDecay.get(wd)!.push(name);
  }
  return [...byDecay].map(([wd, names]) => ({
    names, lr: s.lr, momentum: s.betas[0], weightDecay: wd, initialLr: s.lr, initialMomentum: s.betas[0],
    beta2: s.betas[1], eps: s.eps, step: 0,
  }));
}
