/**
 * Dense convolution kernels on the addon: Conv2D, FusedConv2D (bias + linear/relu/relu6/
 * sigmoid/leakyrelu/silu), Conv2DBackpropInput, Conv2DBackpropFilter. Anything else (NCHW, prelu,
 * odd bias shapes, non-float32) runs the cpu kernel.
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

/** Forward conv, with optional fused bias/activation when `fused`. */
function forward(addon: NativeAddon, name: string, args: KernelArgs, fused: boolean): TensorInfo | TensorInfo[] {
  const backend = args.backend as MathBackendCPU;
  const { bias, preluActivationWeights } = args.inputs;
  const x = req(args.inputs.x, 'x'), filter = req(args.inputs.filter, 'filter');
  const a = args.attrs ?? {};
  const act = fused ? activationCode(a.activation as string | undefined) : 0;
  if (!isNHWC(a.dataFormat) || act < 0 || preluActivationWeights !== undefined) return viaCpu(name, args);
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
    a.strides as Pair, (a.dilations ?? 1) as Pair, a.pad as Pad, a.dimRoundingMode as Rounding, false, 'channelsLast');
  const xv = f32(backend, x), wv = f32(backend, filter);
  const bv = bias === undefined ? null : f32(backend, bias);
  const geom = convGeometry(info);
  if (!xv || !wv || !geom || (bias !== undefined && (!bv || bv.length !== info.outChannels))) {
    // The cpu kernel knows no 'silu' (code 5 is ours): say so rather than compute something else.
    if (act === 5) throw new Error(`${name}: activation 'silu' needs the native kernel (float32 NHWC, bias of outChannels)`);
    return viaCpu(name, args);
  }
  const out = allocF32(util.sizeFromShape(info.outShape), false);
  addon.conv2d(xv, wv, bv, out, geom, act, Number(a.leakyreluAlpha ?? 0.2));
  return backend.makeTensorInfo(info.outShape, 'float32', out);
}

/** Conv2DBackpropInput: dx from dy and the filter. */
function backpropInput(addon: NativeAddon, args: KernelArgs): TensorInfo | TensorInfo[] {
  const backend = args.backend as MathBackendCPU;
  const dy = req(args.inputs.dy, 'dy'), filter = req(args.inputs.filter, 'filter');
  const a = args.attrs ?? {};
  if (!isNHWC(a.dataFormat)) return viaCpu('Conv2DBackpropInput', args);
  const inputShape = a.inputShape as [number, number, number, number];
  const info = backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number],
    a.strides as Pair, 1, a.pad as Pad, a.dimRoundingMode as Rounding, false, 'channelsLast');
  const dyv = f32(backend, dy), wv = f32(backend, filter), geom = convGeometry(info);
  if (!dyv || !wv || !geom || dyv.length !== util.sizeFromShape(info.outShape)) {
    return viaCpu('Conv2DBackpropInput', args);
  }
  const dx = allocF32(util.sizeFromShape(inputShape), false);
  addon.conv2dBackpropInput(dyv, wv, dx, geom);
  return backend.makeTensorInfo(inputShape, 'float32', dx);
}

/** Conv2DBackpropFilter: dw from x and dy. */
function backpropFilter(addon: NativeAddon, args: KernelArgs): TensorInfo | TensorInfo[] {
  const backend = args.backend as MathBackendCPU;
  const x = req(args.inputs.x, 'x'), dy = req(args.inputs.dy, 'dy');
  const a = args.attrs ?? {};
  if (!isNHWC(a.dataFormat)) return viaCpu('Conv2DBackpropFilter', args);
  const filterShape = a.filterShape as [number, number, number, number];
  const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape,
    a.strides as Pair, 1, a.pad as Pad, a.dimRoundingMode as Rounding, false, 'channelsLast');
  const xv = f32(backend, x), dyv = f32(backend, dy), geom = convGeometry(info);
  if (!xv || !dyv || !geom || dyv.length !== util.sizeFromShape(info.outShape)) {
    return viaCpu('Conv2DBackpropFilter', args);
  }
  const dw = allocF32(util.sizeFromShape(filterShape), false);
  addon.conv2dBackpropFilter(xv, dyv, dw, geom);
  return backend.makeTensorInfo(filterShape, 'float32', dw);
}

/** The dense-convolution kernels, by tfjs kernel name. */
export function convKernels(addon: NativeAddon): Record<string, NativeKernelFunc> {
  return {
    Conv2D: (args) => forward(addon, 'Conv2D', args, false),
    FusedConv2D: (args) => forward(addon, 'FusedConv2D', args, true),
    Conv2DBackpropInput: (args) => backpropInput(addon, args),
    Conv2DBackpropFilter: (args) => backpropFilter(addon, args),
  };
}
