/**
 * BatchMatMul and _FusedMatMul on the addon. Batch dimensions must match or one side must have
 * none (broadcast); other broadcasts and prelu run the cpu kernel.
 */
import { backend_util, util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from './addon.js';
import { allocF32 } from './alloc.js';
import { activationCode, f32, req, viaCpu } from './shared.js';
import type { KernelArgs, NativeKernelFunc } from './shared.js';

function matmul(addon: NativeAddon, name: string, args: KernelArgs, fused: boolean): TensorInfo | TensorInfo[] {
  const backend = args.backend as MathBackendCPU;
  const { bias, preluActivationWeights } = args.inputs;
  const a = req(args.inputs.a, 'a'), b = req(args.inputs.b, 'b');
  const at = args.attrs ?? {};
  const ta = Boolean(at.transposeA), tb = Boolean(at.transposeB);
  const act = fused ? activationCode(at.activation as string | undefined) : 0;
  const ra = a.shape.length, rb = b.shape.length;
  if (act < 0 || preluActivationWeights !== undefined || ra < 2 || rb < 2) return viaCpu(name, args);
  const m = ta ? a.shape[ra - 1] : a.shape[ra - 2];
  const ka = ta ? a.shape[ra - 2] : a.shape[ra - 1];
  const kb = tb ? b.shape[rb - 1] : b.shape[rb - 2];
  const n = tb ? b.shape[rb - 2] : b.shape[rb - 1];
  if (ka !== kb) return viaCpu(name, args); // the cpu kernel throws tfjs's own message
  const outerA = a.shape.slice(0, -2), outerB = b.shape.slice(0, -2);
  const batchA = util.sizeFromShape(outerA), batchB = util.sizeFromShape(outerB);
  const outer = backend_util.assertAndGetBroadcastShape(outerA, outerB);
  const batch = util.sizeFromShape(outer);
  if ((batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return viaCpu(name, args);
  const av = f32(backend, a), bv = f32(backend, b);
  const biasv = bias === undefined ? null : f32(backend, bias);
  if (!av || !bv || (bias !== undefined && (!biasv || biasv.length !== n))) return viaCpu(name, args);
  const outShape = [...outer, m, n];
  const out = allocF32(util.sizeFromShape(outShape), false);
  const dims = Int32Array.from([batch, m, n, ka, ta ? 1 : 0, tb ? 1 : 0,
    batchA === batch ? 1 : 0, batchB === batch ? 1 : 0]);
  addon.matmul(av, bv, biasv, out, dims, act, Number(at.leakyreluAlpha ?? 0.2));
  return backend.makeTensorInfo(outShape, 'float32', out);
}

/** The matrix-product kernels, by tfjs kernel name. */
export function matmulKernels(addon: NativeAddon): Record<string, NativeKernelFunc> {
  return {
    BatchMatMul: (args) => matmul(addon, 'BatchMatMul', args, false),
    _FusedMatMul: (args) => matmul(addon, '_FusedMatMul', args, true),
  };
}
