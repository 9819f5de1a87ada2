/**
 * ExpMomentumEMA (mmdet) as EMAHook drives it: after every training iteration,
 * avg = avg * (1 - m) + src * m with m = (1 - momentum) * exp(-(1 + steps) / gamma) + momentum;
 * the first update copies. With update_buffers the BN running statistics are averaged too,
 * otherwise they are copied.
 */
import * as tf from '@tensorflow/tfjs-core';
import { emaUpdate } from '../nn/fused_ops.js';

export class ExpMomentumEMA {
  readonly avg = new Map<string, tf.Variable>();
  steps = 0;

  /**
   * `repeats`: with update_buffers MMEngine averages model.state_dict(), which lists a shared
   * tensor (RTMDet's shared head convs) under each of its names; they share storage, so the
   * tensor is averaged once per name every step. A parameter with n names is updated n times.
   */
  constructor(
    readonly momentum = 0.0002,
    readonly gamma = 2000,
    readonly interval = 1,
    readonly updateBuffers = false,
    readonly repeats: ReadonlyMap<string, number> = new Map(),
  ) {}

  /** The momentum used for the update at `steps`. */
  momentumAt(steps: number): number {
    return (1 - this.momentum) * Math.exp(-(1 + steps) / this.gamma) + this.momentum;
  }

  /** Update from the model's parameters and buffers (BN running stats). */
  update(params: Map<string, tf.Tensor>, buffers: Map<string, tf.Tensor>): void {
    const averaged = this.updateBuffers ? new Map([...params, ...buffers]) : params;
    tf.tidy(() => {
      if (this.steps === 0) {
        for (const [k, v] of averaged) this.set(k, v);
      } else if (this.steps % this.interval === 0) {
        const m = this.momentumAt(this.steps);
        const keys = [...averaged.keys()].filter((k) => this.avg.has(k) && averaged.get(k)!.dtype === 'float32');
        const again = this.updateBuffers ? keys.filter((k) => (this.repeats.get(k) ?? 1) > 1) : [];
        // Every average in one kernel where the backend has it; the same arithmetic as below.
        const fused = emaUpdate(keys.map((k) => this.avg.get(k)!), keys.map((k) => averaged.get(k)!), m);
        if (fused !== null) keys.forEach((k, i) => this.avg.get(k)!.assign(fused[i]!));
        const done = new Set(fused !== null ? keys : []);
        for (const [k, v] of averaged) {
          if (done.has(k)) continue;
          const a = this.avg.get(k);
          if (!a) this.set(k, v);
          else a.assign(tf.add(tf.mul(a, 1 - m), tf.mul(v, m)));
        }
        for (const k of again) {
          const a = this.avg.get(k)!, v = averaged.get(k)!;
          for (let r = 1; r < this.repeats.get(k)!; r++) a.assign(tf.add(tf.mul(a, 1 - m), tf.mul(v, m)));
        }
      }
      if (!this.updateBuffers) for (const [k, v] of buffers) this.set(k, v);
    });
    this.steps += 1;
  }

  private set(k: string, v: tf.Tensor): void {
    const a = this.avg.get(k);
    if (a) a.assign(v);
    else this.avg.set(k, tf.variable(tf.clone(v), false, `ema/${k}`));
  }

  dispose(): void {
    for (const v of this.avg.values()) v.dispose();
    this.avg.clear();
  }
}
