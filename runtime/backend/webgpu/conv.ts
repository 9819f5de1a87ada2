/**
 * Our WGSL convolution kernels, registered for the `webgpu` backend over tfjs-backend-webgpu's
 * (whose backprops are direct loops: one thread per filter element over all of B x H x W).
 * An attribute ours do not take (dilation > 1, NCHW, depth multiplier > 1, a prelu epilogue...)
 * goes to tfjs's own kernel, kept from before the replacement.
 *
 * - Conv2D, FusedConv2D (conv_forward.ts), Conv2DBackpropFilter, Conv2DBackpropInput
 *   (conv_backprop.ts): implicit GEMMs on one shared-memory tiled shader (conv_gemm.ts).
 *   Tiles per side: 64 if that GEMM side is > 32, 32 if > 16, else 16; 4 x 4 accumulators per
 *   thread, so 16..256 threads; vec4 loads where the contiguous channel count is % 4 == 0.
 *   Split-K only for the filter gradient (chooseSplits: ~512 workgroups, slices >= 512 long).
 * - DepthwiseConv2dNative, FusedDepthwiseConv2D (conv_depthwise_forward.ts): shared-memory
 *   input windows, 16 channels x 8 x 8 outputs (stride 1) or 4 x 4 (stride 2) per workgroup.
 * - Depthwise backprops (conv_depthwise.ts): filter gradient by per-thread sums and a fixed-order
 *   tree per workgroup (plus ordered split sums); input gradient per element, own stride phase.
 * Every reduction adds in a fixed order: results are deterministic (no atomics).
 */
import * as tf from '@tensorflow/tfjs-core';
import { conv2dBackpropFilter, conv2dBackpropInput, supportedConvAttrs } from './conv_backprop.js';
import { depthwiseBackpropFilter, depthwiseBackpropInput, supportedDepthwise } from './conv_depthwise.js';
import { depthwiseForward, supportedDepthwiseForward } from './conv_depthwise_forward.js';
import { convForward, supportedConvForward } from './conv_forward.js';
import type { KernelArgs } from './conv_program.js';
import { declareSiluConvEpilogue } from '../../nn/fused_ops.js';

type Impl = (args: KernelArgs) => tf.TensorInfo;

/** Kernel name -> [ours, whether ours takes these args]. */
const KERNELS: Record<string, [Impl, (args: KernelArgs) => boolean]> = {
  Conv2D: [convForward, supportedConvForward],
  FusedConv2D: [convForward, supportedConvForward],
  Conv2DBackpropFilter: [conv2dBackpropFilter, (a) => supportedConvAttrs(a.attrs ?? {})],
  Conv2DBackpropInput: [conv2dBackpropInput, (a) => supportedConvAttrs(a.attrs ?? {})],
  DepthwiseConv2dNative: [depthwiseForward, supportedDepthwiseForward],
  FusedDepthwiseConv2D: [depthwiseForward, supportedDepthwiseForward],
  DepthwiseConv2dNativeBackpropFilter: [depthwiseBackpropFilter, supportedDepthwise],
  DepthwiseConv2dNativeBackpropInput: [depthwiseBackpropInput, supportedDepthwise],
};

/** Our kernelFuncs (tests check that these are the registered ones). */
export const WEBGPU_CONV_KERNELS: ReadonlyMap<string, tf.KernelFunc> = new Map();
const ours = WEBGPU_CONV_KERNELS as Map<string, tf.KernelFunc>;

const calls = new Map<string, number>();
const stockKernels = new Map<string, tf.KernelFunc>();

/** tfjs-backend-webgpu's own kernelFunc that ours replaced (for bench/webgpu_kernels.ts). */
export function stockWebgpuKernel(name: string): tf.KernelFunc | undefined {
  return stockKernels.get(name);
}

/** How often each of our kernels ran (not counting fallbacks to tfjs's): tests check that theirs did. */
export function webgpuConvCalls(name: string): number {
  return calls.get(name) ?? 0;
}

/** Registers our convolution kernels for 'webgpu' (once; tfjs's stay as the fallback). */
export function registerWebgpuConvKernels(): void {
  if (ours.size) return;
  for (const [name, [impl, supported]] of Object.entries(KERNELS)) {
    const stock = tf.getKernel(name, 'webgpu');
    const fallback = stock?.kernelFunc;
    if (fallback) stockKernels.set(name, fallback);
    const kernelFunc = ((args: KernelArgs) => {
      if (supported(args)) {
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return impl(args);
      }
      if (!fallback) throw new Error(`${name} on webgpu: these attributes need tfjs's kernel, which is not registered`);
      return fallback(args as unknown as Parameters<tf.KernelFunc>[0]);
    }) as unknown as tf.KernelFunc;
    if (stock) tf.unregisterKernel(name, 'webgpu');
    tf.registerKernel({ kernelName: name, backendName: 'webgpu', kernelFunc });
    ours.set(name, kernelFunc);
  }
  // Our FusedConv2D applies 'silu' itself (the eval-mode ConvModule's conv + BN + SiLU).
  declareSiluConvEpilogue('webgpu');
}
