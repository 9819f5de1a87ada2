/**
 * The fused ops of runtime/nn/fused_ops.ts on the addon: training BatchNorm + activation and its
 * gradient, activations and the StarNet star op with their gradients. Inputs are float32
 * (fused_ops.ts only dispatches float32 tensors here). Every kernel writes all of its outputs, so
 * they take recycled memory without zero-filling it (alloc.ts).
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { FUSED_KERNELS, declareSiluConvEpilogue } from '../../nn/fused_ops.js';
import type { NativeAddon } from './addon.js';
import { allocF32 } from './alloc.js';
import { f32, req } from './shared.js';
import type { KernelArgs, NativeKernelFunc } from './shared.js';

/** The float32 memory of input `name` (a fused kernel never sees other dtypes). */
function input(args: KernelArgs, name: string): { t: TensorInfo; v: Float32Array } {
  const t = req(args.inputs[name], name);
  const v = f32(args.backend as MathBackendCPU, t);
  if (v === null) throw new TypeError(`native ${name}: expected a float32 tensor, got ${t.dtype}`);
  return { t, v };
}

function out(args: KernelArgs, shape: number[], v: Float32Array): TensorInfo {
  return (args.backend as MathBackendCPU).makeTensorInfo(shape, 'float32', v);
}

/** The fused kernels, by kernel name. */
export function fusedKernels(addon: NativeAddon): Record<string, NativeKernelFunc> {
  // Our FusedConv2D has a SiLU epilogue (conv.ts, activation code 5).
  declareSiluConvEpilogue('native');
  return {
    [FUSED_KERNELS.bnTrain]: (args) => {
      const x = input(args, 'x'), gamma = input(args, 'gamma'), beta = input(args, 'beta');
      const c = gamma.v.length;
      const y = allocF32(x.v.length, false), mean = allocF32(c, false), variance = allocF32(c, false);
      addon.bnTrain(x.v, gamma.v, beta.v, y, mean, variance, Number(args.attrs?.eps), Number(args.attrs?.act ?? 0));
      return [out(args, x.t.shape, y), out(args, [c], mean), out(args, [c], variance)];
    },
    [FUSED_KERNELS.bnTrainGrad]: (args) => {
      const dy = input(args, 'dy'), x = input(args, 'x'), gamma = input(args, 'gamma'), beta = input(args, 'beta');
      const mean = input(args, 'mean'), variance = input(args, 'variance');
      const c = gamma.v.length;
      const dx = allocF32(x.v.length, false), dgamma = allocF32(c, false), dbeta = allocF32(c, false);
      addon.bnTrainGrad(dy.v, x.v, gamma.v, beta.v, mean.v, variance.v, dx, dgamma, dbeta,
        Number(args.attrs?.eps), Number(args.attrs?.act ?? 0));
      return [out(args, x.t.shape, dx), out(args, gamma.t.shape, dgamma), out(args, beta.t.shape, dbeta)];
    },
    [FUSED_KERNELS.act]: (args) => {
      const x = input(args, 'x');
      const y = allocF32(x.v.length, false);
      addon.act(Number(args.attrs?.act ?? 0), x.v, y);
      return out(args, x.t.shape, y);
    },
    [FUSED_KERNELS.actGrad]: (args) => {
      const x = input(args, 'x'), dy = input(args, 'dy');
      const dx = allocF32(x.v.length, false);
      addon.actGrad(Number(args.attrs?.act ?? 0), x.v, dy.v, dx);
      return out(args, x.t.shape, dx);
    },
    [FUSED_KERNELS.dfl]: (args) => {
      const x = input(args, 'x');
      const r = Number(args.attrs?.regMax);
      const y = allocF32(x.v.length / r, false);
      addon.dfl(x.v, y, r);
      return out(args, [...x.t.shape.slice(0, -1), x.t.shape[x.t.shape.length - 1]! / r], y);
    },
    [FUSED_KERNELS.dflGrad]: (args) => {
      const x = input(args, 'x'), dy = input(args, 'dy');
      const dx = allocF32(x.v.length, false);
      addon.dflGrad(x.v, dy.v, dx, Number(args.attrs?.regMax));
      return out(args, x.t.shape, dx);
    },
    [FUSED_KERNELS.star]: (args) => {
      const a = input(args, 'a'), b = input(args, 'b');
      const y = allocF32(a.v.length, false);
      addon.star(a.v, b.v, y);
      return out(args, a.t.shape, y);
    },
    [FUSED_KERNELS.sgd]: (args) => {
      const n = Number(args.attrs?.count);
      const momentum = Number(args.attrs?.momentum);
      const at = (k: string, i: number): { t: TensorInfo; v: Float32Array } => input(args, `${k}${i}`);
      type In = { t: TensorInfo; v: Float32Array };
      const ps: In[] = [], gs: Float32Array[] = [], bs: Float32Array[] = [], po: Float32Array[] = [], bo: Float32Array[] = [];
      for (let i = 0; i < n; i++) {
        const p = at('p', i);
        ps.push(p); gs.push(at('g', i).v); po.push(allocF32(p.v.length, false));
        if (momentum !== 0) { bs.push(at('b', i).v); bo.push(allocF32(p.v.length, false)); }
      }
      // float32 hyper-parameters, as tfjs rounds a JS number operand.
      addon.sgdUpdate(ps.map((p) => p.v), gs, bs, po, bo, Math.fround(Number(args.attrs?.lr)), Math.fround(momentum),
        Math.fround(Number(args.attrs?.weightDecay)), Boolean(args.attrs?.nesterov));
      return [...po.map((v, i) => out(args, ps[i]!.t.shape, v)), ...bo.map((v, i) => out(args, ps[i]!.t.shape, v))];
    },
    [FUSED_KERNELS.ema]: (args) => {
      const n = Number(args.attrs?.count);
      const m = Number(args.attrs?.m);
      const avgs: { t: TensorInfo; v: Float32Array }[] = [], srcs: Float32Array[] = [], outs: Float32Array[] = [];
      for (let i = 0; i < n; i++) {
        const a = input(args, `a${i}`);
        avgs.push(a); srcs.push(input(args, `s${i}`).v); outs.push(allocF32(a.v.length, false));
      }
      // tf.mul(a, 1 - m) and tf.mul(v, m) round 1 - m and m to float32.
      addon.emaUpdate(avgs.map((a) => a.v), srcs, outs, Math.fround(1 - m), Math.fround(m));
      return outs.map((v, i) => out(args, avgs[i]!.t.shape, v));
    },
    [FUSED_KERNELS.starGrad]: (args) => {
      const a = input(args, 'a'), b = input(args, 'b'), dy = input(args, 'dy');
      const da = allocF32(a.v.length, false), db = allocF32(a.v.length, false);
      addon.starGrad(a.v, b.v, dy.v, da, db);
      return [out(args, a.t.shape, da), out(args, a.t.shape, db)];
    },
  };
}
