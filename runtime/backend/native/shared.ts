/**
 * What the native kernels share: reading a tensor's Float32Array in place, falling back to the
 * cpu kernel for cases the addon does not cover, and the activation codes of native/src/kernels.h.
 */
import { backend_util, getKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

/** Arguments every kernel function receives (tfjs's KernelFunc parameter). */
export interface KernelArgs {
  inputs: NamedTensorInfoMap;
  backend: unknown;
  attrs?: NamedAttrMap;
}

/** A kernel function of this backend. */
export type NativeKernelFunc = (args: KernelArgs) => TensorInfo | TensorInfo[];

/** The tensor's float32 memory (no copy), or null when it is not a float32 tensor. A float32
 * tensor made by casting bool/int32 shares their Uint8Array/Int32Array (tfjs's cpu Cast does
 * not copy on widening): that one is converted. */
export function f32(backend: MathBackendCPU, t: TensorInfo | undefined): Float32Array | null {
  if (t === undefined || t.dtype !== 'float32') return null;
  const values = backend.data.get(t.dataId)?.values;
  if (values instanceof Float32Array) return values;
  if (values instanceof Uint8Array || values instanceof Int32Array) return Float32Array.from(values);
  return null;
}

const fallbacks = new Map<string, number>();

/** How often each overridden kernel fell back to the cpu kernel (for profiles). */
export function fallbackCounts(): Map<string, number> {
  return fallbacks;
}

/** Runs the stock cpu kernel `name` on our backend (same tensor storage). */
export function viaCpu(name: string, args: KernelArgs): TensorInfo | TensorInfo[] {
  fallbacks.set(name, (fallbacks.get(name) ?? 0) + 1);
  const k = getKernel(name, 'cpu');
  if (k === undefined) throw new Error(`tfjs cpu kernel ${name} is not registered`);
  return k.kernelFunc(args as Parameters<KernelConfig['kernelFunc']>[0]);
}

/** Addon activation code for a tfjs fused activation, or -1 when the addon lacks it (prelu, elu). */
export function activationCode(act: string | undefined): number {
  switch (act ?? 'linear') {
    case 'linear': return 0;
    case 'relu': return 1;
    case 'relu6': return 2;
    case 'sigmoid': return 3;
    case 'leakyrelu': return 4;
    // Ours only (tfjs has no fused silu): callers must never hand it to the cpu fallback.
    case 'silu': return 5;
    default: return -1;
  }
}

/** The 15 geometry integers the addon's convolution entries take (see addon.ts). */
export function convGeometry(info: backend_util.Conv2DInfo, multiplier = 0): Int32Array | null {
  const g = [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels,
    info.filterHeight, info.filterWidth, multiplier > 0 ? multiplier : info.outChannels,
    info.outHeight, info.outWidth, info.strideHeight, info.strideWidth,
    info.dilationHeight, info.dilationWidth, info.padInfo.top, info.padInfo.left,
  ];
  return g.every((v) => Number.isInteger(v) && v >= 0) ? Int32Array.from(g) : null;
}

/** Whether `format` is tfjs's channels-last layout (the only one the addon implements). */
export function isNHWC(format: unknown): boolean {
  return format === undefined || format === 'NHWC' || format === 'channelsLast';
}

/** A required kernel input (tfjs always passes them; the check satisfies the type). */
export function req(t: TensorInfo | undefined, name: string): TensorInfo {
  if (t === undefined) throw new Error(`native kernel: missing input ${name}`);
  return t;
}

/** tfjs's padding attribute. */
export type Pad = 'valid' | 'same' | number | backend_util.ExplicitPadding;
