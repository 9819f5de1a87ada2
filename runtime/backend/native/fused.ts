/**
 * The fused ops of runtime/nn/fused_ops.ts on the addon: training BatchNorm + activation and its
 * gradient, activations and the StarNet star op with their gradients. Inputs are float32
 * (fused_ops.ts only dispatches float32 tensors here).
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { FUSED_KERNELS, declareSiluConvEpilogue } from '../../nn/fused_ops.js';
import type { NativeAddon } from './addon.js';
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
      const y = new Float32Array(x.v.length), mean = new Float32Array(c), variance = new Float32Array(c);
      addon.bnTrain(x.v, gamma.v, beta.v, y, mean, variance, Number(args.attrs?.eps), Number(args.attrs?.act ?? 0));
      return [out(args, x.t.shape, y), out(args, [c], mean), out(args, [c], variance)];
    },
    [FUSED_KERNELS.bnTrainGrad]: (args) => {
      const dy = input(args, 'dy'), x = input(args, 'x'), gamma = input(args, 'gamma'), beta = input(args, 'beta');
      const mean = input(args, 'mean'), variance = input(args, 'variance');
      const c = gamma.v.length;
      const dx = new Float32Array(x.v.length), dgamma = new Float32Array(c), dbeta = new Float32Array(c);
      addon.bnTrainGrad(dy.v, x.v, gamma.v, beta.v, mean.v, variance.v, dx, dgamma, dbeta,
        Number(args.attrs?.eps), Number(args.attrs?.act ?? 0));
      return [out(args, x.t.shape, dx), out(args, gamma.t.shape, dgamma), out(args, beta.t.shape, dbeta)];
    },
    [FUSED_KERNELS.act]: (args) => {
      const x = input(args, 'x');
      const y = new Float32Array(x.v.length);
      addon.act(Number(args.attrs?.act ?? 0), x.v, y);
      return out(args, x.t.shape, y);
    },
    [FUSED_KERNELS.actGrad]: (args) => {
      const x = input(args, 'x'), dy = input(args, 'dy');
      const dx = new Float32Array(x.v.length);
      addon.actGrad(Number(args.attrs?.act ?? 0), x.v, dy.v, dx);
      return out(args, x.t.shape, dx);
    },
    [FUSED_KERNELS.star]: (args) => {
      const a = input(args, 'a'), b = input(args, 'b');
      const y = new Float32Array(a.v.length);
      addon.star(a.v, b.v, y);
      return out(args, a.t.shape, y);
    },
    [FUSED_KERNELS.starGrad]: (args) => {
      const a = input(args, 'a'), b = input(args, 'b'), dy = input(args, 'dy');
      const da = new Float32Array(a.v.length), db = new Float32Array(a.v.length);
      addon.starGrad(a.v, b.v, dy.v, da, db);
      return [out(args, a.t.shape, da), out(args, a.t.shape, db)];
    },
  };
}
