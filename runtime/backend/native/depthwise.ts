/**
 * Depthwise convolution kernels on the addon (any channel multiplier, strides, dilations,
 * paddings): DepthwiseConv2dNative, FusedDepthwiseConv2D and both backprops.
 */
import { backend_util, util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from './addon.js';
import { allocF32 } from './alloc.js';
import { activationCode, convGeometry, f32, isNHWC, req, viaCpu } from './shared.js';
import type { KernelArgs, NativeKernelFunc, Pad } from './shared.js';

type Rounding = 'floor' | 'round' | 'ceil' | undefined;
type Pair = number | [number, number];
type Shape4 = [number, number, number, number];

function info(xShape: Shape4, fShape: Shape4, a: Record<string, unknown>): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(xShape, fShape, a.strides as Pair, (a.dilations ?? 1) as Pair,
    a.pad as Pad, a.dimRoundingMode as Rounding, true);
}

function forward(addon: NativeAddon, name: string, args: KernelArgs, fused: boolean): TensorInfo | TensorInfo[] {
  const backend = args.backend as MathBackendCPU;
  const { bias, preluActivationWeights } = args.inputs;
  const x = req(args.inputs.x, 'x'), filter = req(args.inputs.filter, 'filter');
  const a = args.attrs ?? {};
  const act = fused ? activationCode(a.activation as string | undefined) : 0;
  if (!isNHWC(a.dataFormat) || act < 0 || preluActivationWeights !== undefined) return viaCpu(name, args);
  const ci = info(x.shape as Shape4, filter.shape as Shape4, a);
  const xv = f32(backend, x), wv = f32(backend, filter);
  const bv = bias === undefined ? null : f32(backend, bias);
  const geom = convGeometry(ci, filter.shape[3]);
  if (!xv || !wv || !geom || (bias !== undefined && (!bv || bv.length !== ci.outChannels))) {
    return viaCpu(name, args);
  }
  const out = allocF32(util.sizeFromShape(ci.outShape), false);
  addon.depthwise(xv, wv, bv, out, geom, act, Number(a.leakyreluAlpha ?? 0.2));
  return backend.makeTensorInfo(ci.outShape, 'float32', out);
}

function backpropInput(addon: NativeAddon, args: KernelArgs): TensorInfo | TensorInfo[] {
  const name = 'DepthwiseConv2dNativeBackpropInput';
  const backend = args.backend as MathBackendCPU;
  const dy = req(args.inputs.dy, 'dy'), filter = req(args.inputs.filter, 'filter');
  const a = args.attrs ?? {};
  const inputShape = a.inputShape as Shape4;
  const ci = info(inputShape, filter.shape as Shape4, a);
  const dyv = f32(backend, dy), wv = f32(backend, filter), geom = convGeometry(ci, filter.shape[3]);
  if (!dyv || !wv || !geom || dyv.length !== util.sizeFromShape(ci.outShape)) return viaCpu(name, args);
  const dx = allocF32(util.sizeFromShape(inputShape), false);
  addon.depthwiseBackpropInput(dyv, wv, dx, geom);
  return backend.makeTensorInfo(inputShape, 'float32', dx);
}

function backpropFilter(addon: NativeAddon, args: KernelArgs): TensorInfo | TensorInfo[] {
  const name = 'DepthwiseConv2dNativeBackpropFilter';
  const backend = args.backend as MathBackendCPU;
  const x = req(args.inputs.x, 'x'), dy = req(args.inputs.dy, 'dy');
  const a = args.attrs ?? {};
  const filterShape = a.filterShape as Shape4;
  const ci = info(x.shape as Shape4, filterShape, a);
  const xv = f32(backend, x), dyv = f32(backend, dy), geom = convGeometry(ci, filterShape[3]);
  if (!xv || !dyv || !geom || dyv.length !== util.sizeFromShape(ci.outShape)) return viaCpu(name, args);
  const dw = allocF32(util.sizeFromShape(filterShape), false);
  addon.depthwiseBackpropFilter(xv, dyv, dw, geom);
  return backend.makeTensorInfo(filterShape, 'float32', dw);
}

/** The depthwise kernels, by tfjs kernel name. */
export function depthwiseKernels(addon: NativeAddon): Record<string, NativeKernelFunc> {
  return {
    DepthwiseConv2dNative: (args) => forward(addon, 'DepthwiseConv2dNative', args, false),
    FusedDepthwiseConv2D: (args) => forward(addon, 'FusedDepthwiseConv2D', args, true),
    DepthwiseConv2dNativeBackpropInput: (args) => backpropInput(addon, args),
    DepthwiseConv2dNativeBackpropFilter: (args) => backpropFilter(addon, args),
  };
}
