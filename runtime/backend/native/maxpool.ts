/**
 * MaxPool and MaxPoolGrad on the addon (YOLOv5's SPPF). The cpu backend's gradient walks a
 * TensorBuffer per element: seconds per SPPF in a training step.
 */
import { backend_util, util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from './addon.js';
import { allocF32 } from './alloc.js';
import { f32, req, viaCpu } from './shared.js';
import type { KernelArgs, NativeKernelFunc, Pad } from './shared.js';

type Pair = number | [number, number];
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

function poolInfo(shape: number[], a: Record<string, unknown>): backend_util.Conv2DInfo {
  return backend_util.computePool2DInfo(shape as [number, number, number, number], a.filterSize as Pair,
    a.strides as Pair, 1, a.pad as Pad, a.dimRoundingMode as Rounding);
}

function geometry(i: backend_util.Conv2DInfo): Int32Array | null {
  const g = [i.batchSize, i.inHeight, i.inWidth, i.inChannels, i.filterHeight, i.filterWidth,
    i.outHeight, i.outWidth, i.strideHeight, i.strideWidth, i.padInfo.top, i.padInfo.left];
  return g.every((v) => Number.isInteger(v) && v >= 0) ? Int32Array.from(g) : null;
}

function maxPool(addon: NativeAddon, args: KernelArgs): TensorInfo | TensorInfo[] {
  const backend = args.backend as MathBackendCPU;
  const x = req(args.inputs.x, 'x');
  const xv = f32(backend, x);
  if (!xv || x.shape.length !== 4) return viaCpu('MaxPool', args);
  const info = poolInfo(x.shape, args.attrs ?? {});
  const geom = geometry(info);
  if (!geom) return viaCpu('MaxPool', args);
  const out = allocF32(util.sizeFromShape(info.outShape), false);
  addon.maxpool(xv, out, geom);
  return backend.makeTensorInfo(info.outShape, 'float32', out);
}

function maxPoolGrad(addon: NativeAddon, args: KernelArgs): TensorInfo | TensorInfo[] {
  const backend = args.backend as MathBackendCPU;
  const dy = req(args.inputs.dy, 'dy'), x = req(args.inputs.input, 'input');
  const dyv = f32(backend, dy), xv = f32(backend, x);
  if (!dyv || !xv || x.shape.length !== 4) return viaCpu('MaxPoolGrad', args);
  const geom = geometry(poolInfo(x.shape, args.attrs ?? {}));
  if (!geom) return viaCpu('MaxPoolGrad', args);
  const dx = allocF32(xv.length); // the gradient adds into it
  addon.maxpoolGrad(dyv, xv, dx, geom);
  return backend.makeTensorInfo(x.shape, 'float32', dx);
}

/** The pooling kernels, by tfjs kernel name. */
export function maxPoolKernels(addon: NativeAddon): Record<string, NativeKernelFunc> {
  return { MaxPool: (args) => maxPool(addon, args), MaxPoolGrad: (args) => maxPoolGrad(addon, args) };
}
