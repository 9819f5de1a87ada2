/**
 * Memory-bound kernels on the addon: broadcasting binary ops (the cpu backend computes a
 * multi-index per element for any broadcast, e.g. a conv bias add), activations, Slice (the
 * head's 5-D slices take seconds in JS), FusedBatchNorm and leading-axis Sum/Mean (BatchNorm
 * statistics). Other dtypes and shapes run the cpu kernel.
 */
import { backend_util, slice_util, util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from './addon.js';
import { allocF32 } from './alloc.js';
import { f32, req, viaCpu } from './shared.js';
import type { KernelArgs, NativeKernelFunc } from './shared.js';

/** Highest rank the addon's broadcast and slice geometry holds. */
export const MAX_RANK = 8;
const BINARY: Record<string, number> = {
  Add: 0, Sub: 1, Multiply: 2, RealDiv: 3, SquaredDifference: 4, Maximum: 5, Minimum: 6,
  Less: 7, LessEqual: 8, Greater: 9, GreaterEqual: 10, Equal: 11,
};
const COMPARISONS = new Set(['Less', 'LessEqual', 'Greater', 'GreaterEqual', 'Equal']);
const UNARY: Record<string, number> = {
  Sigmoid: 0, Relu: 1, Relu6: 2, Neg: 3, Square: 4, Exp: 5, Sqrt: 6, Rsqrt: 7, Step: 9, Softplus: 10,
};

/** Each operand's stride per output dim (0 where broadcast), with size-1 dims dropped and
 * contiguous runs merged, packed as the addon's [rank, shape x8, astride x8, bstride x8]. */
export function broadcastGeometry(aShape: number[], bShape: number[], outShape: number[]): Int32Array | null {
  const r = outShape.length;
  const stridesOf = (shape: number[]): number[] => {
    const s = new Array<number>(r).fill(0);
    let acc = 1;
    for (let d = r - 1, k = shape.length - 1; d >= 0; d--, k--) {
      const dim = k >= 0 ? shape[k] : 1;
      s[d] = dim === 1 ? 0 : acc;
      acc *= dim;
    }
    return s;
  };
  const sa = stridesOf(aShape), sb = stridesOf(bShape);
  const dims: Array<[number, number, number]> = [];
  for (let d = 0; d < r; d++) {
    if (outShape[d] === 1) continue;
    const prev = dims[dims.length - 1];
    // Merge into the previous dim when both operands continue contiguously (or both broadcast).
    if (prev && prev[1] === sa[d] * outShape[d] && prev[2] === sb[d] * outShape[d]) {
      dims[dims.length - 1] = [prev[0] * outShape[d], sa[d], sb[d]];
    } else {
      dims.push([outShape[d], sa[d], sb[d]]);
    }
  }
  if (dims.length === 0) dims.push([1, 0, 0]);
  if (dims.length > MAX_RANK) return null;
  const g = new Int32Array(1 + 3 * MAX_RANK);
  g[0] = dims.length;
  dims.forEach(([n, a, b], i) => { g[1 + i] = n; g[1 + MAX_RANK + i] = a; g[1 + 2 * MAX_RANK + i] = b; });
  return g;
}

function binary(addon: NativeAddon, name: string, args: KernelArgs): TensorInfo | TensorInfo[] {
  const backend = args.backend as MathBackendCPU;
  const a = req(args.inputs.a, 'a'), b = req(args.inputs.b, 'b');
  const av = f32(backend, a), bv = f32(backend, b);
  if (!av || !bv) return viaCpu(name, args);
  const outShape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const geom = broadcastGeometry(a.shape, b.shape, outShape);
  if (!geom) return viaCpu(name, args);
  const out = allocF32(util.sizeFromShape(outShape), false);
  addon.binary(BINARY[name], av, bv, out, geom);
  if (COMPARISONS.has(name)) return backend.makeTensorInfo(outShape, 'bool', Uint8Array.from(out));
  return backend.makeTensorInfo(outShape, 'float32', out);
}

function unary(addon: NativeAddon, name: string, args: KernelArgs): TensorInfo | TensorInfo[] {
  const backend = args.backend as MathBackendCPU;
  const x = req(args.inputs.x, 'x');
  const xv = f32(backend, x);
  if (!xv) return viaCpu(name, args);
  const out = allocF32(xv.length, false);
  addon.unary(UNARY[name], xv, out, Number(args.attrs?.alpha ?? 0));
  return backend.makeTensorInfo(x.shape, 'float32', out);
}

/** The addon's [rank, bigShape x8, begin x8, size x8] for a box inside a tensor. */
export function regionGeometry(shape: number[], begin: number[], size: number[]): Int32Array {
  const g = new Int32Array(1 + 3 * MAX_RANK);
  g[0] = shape.length;
  for (let d = 0; d < shape.length; d++) {
    g[1 + d] = shape[d]; g[1 + MAX_RANK + d] = begin[d]; g[1 + 2 * MAX_RANK + d] = size[d];
  }
  return g;
}

function slice(addon: NativeAddon, args: KernelArgs): TensorInfo | TensorInfo[] {
  const backend = args.backend as MathBackendCPU;
  const x = req(args.inputs.x, 'x');
  const xv = f32(backend, x);
  const r = x.shape.length;
  if (!xv || r === 0 || r > MAX_RANK) return viaCpu('Slice', args);
  const [begin, size] = slice_util.parseSliceParams(x as Parameters<typeof slice_util.parseSliceParams>[0],
    args.attrs?.begin as number | number[], args.attrs?.size as number | number[] | undefined);
  slice_util.assertParamsValid(x as Parameters<typeof slice_util.assertParamsValid>[0], begin, size);
  const g = regionGeometry(x.shape, begin, size);
  const out = allocF32(util.sizeFromShape(size), false);
  addon.slice(xv, out, g);
  return backend.makeTensorInfo(size, 'float32', out);
}

function batchNorm(addon: NativeAddon, args: KernelArgs): TensorInfo | TensorInfo[] {
  const backend = args.backend as MathBackendCPU;
  const { offset, scale } = args.inputs;
  const x = req(args.inputs.x, 'x'), mean = req(args.inputs.mean, 'mean');
  const variance = req(args.inputs.variance, 'variance');
  const c = x.shape[x.shape.length - 1] ?? 0;
  const eps = Number(args.attrs?.varianceEpsilon ?? 0.001);
  const vals = [mean, variance, offset, scale].map((t) => (t === undefined ? null : f32(backend, t)));
  const xv = f32(backend, x);
  const fits = (v: Float32Array | null, t: TensorInfo | undefined): boolean =>
    t === undefined || (v !== null && (v.length === c || v.length === 1));
  if (!xv || c === 0 || !fits(vals[0], mean) || !fits(vals[1], variance) || !fits(vals[2], offset) || !fits(vals[3], scale)) {
    return viaCpu('FusedBatchNorm', args);
  }
  const at = (v: Float32Array | null, j: number, dflt: number): number => (v === null ? dflt : v[v.length === 1 ? 0 : j]);
  const mul = new Float32Array(c), add = new Float32Array(c);
  for (let j = 0; j < c; j++) {
    // Same float32 rounding steps as the cpu kernel's (x - mean) * scale / sqrt(var + eps) + offset.
    mul[j] = at(vals[3], j, 1) / Math.sqrt(at(vals[1], j, 0) + eps);
    add[j] = at(vals[2], j, 0) - at(vals[0], j, 0) * mul[j];
  }
  const out = allocF32(xv.length, false);
  addon.affine(xv, mul, add, out);
  return backend.makeTensorInfo(x.shape, 'float32', out);
}

/** Sum/Mean over leading axes [0..k) (BatchNorm statistics in NHWC, bias gradients), trailing
 * axes [k..r) (per-row sums), or contiguous middle axes [a..b) (a global average pool over H, W of
 * NHWC: CSPNeXt's ChannelAttention), the last as one leading-axes reduction per outer index;
 * other axis sets run the cpu kernel. */
function reduce(addon: NativeAddon, name: 'Sum' | 'Mean', args: KernelArgs): TensorInfo | TensorInfo[] {
  const backend = args.backend as MathBackendCPU;
  const x = req(args.inputs.x, 'x');
  const xv = f32(backend, x);
  const r = x.shape.length;
  const axes = util.parseAxisParam(args.attrs?.axis as number | number[], x.shape).sort((p, q) => p - q);
  const leading = axes.length > 0 && axes.every((ax, i) => ax === i);
  const trailing = axes.length > 0 && axes.every((ax, i) => ax === r - axes.length + i);
  const middle = !leading && !trailing && axes.length > 0 && axes.every((ax, i) => ax === axes[0]! + i);
  if (xv && middle && xv.length > 0) {
    const a = axes[0]!, b = axes[axes.length - 1]! + 1;
    const outer = util.sizeFromShape(x.shape.slice(0, a)), rows = util.sizeFromShape(x.shape.slice(a, b));
    const inner = util.sizeFromShape(x.shape.slice(b));
    const out = allocF32(outer * inner, false);
    for (let o = 0; o < outer; o++) {
      addon.reduceRows(name === 'Mean' ? 1 : 0, xv.subarray(o * rows * inner, (o + 1) * rows * inner), out.subarray(o * inner, (o + 1) * inner));
    }
    const shape = args.attrs?.keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
    return backend.makeTensorInfo(shape, 'float32', out);
  }
  if (!xv || !(leading || trailing) || xv.length === 0) return viaCpu(name, args);
  const kept = leading ? x.shape.slice(axes.length) : x.shape.slice(0, r - axes.length);
  const out = allocF32(util.sizeFromShape(kept), false);
  if (leading) addon.reduceRows(name === 'Mean' ? 1 : 0, xv, out);
  else addon.reduceInner(name === 'Mean' ? 1 : 0, xv, out);
  const shape = args.attrs?.keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : kept;
  return backend.makeTensorInfo(shape, 'float32', out);
}

/** Softmax over the last axis (the only one tfjs supports): YOLOv8's DFL over 16 bins. */
function softmax(addon: NativeAddon, args: KernelArgs): TensorInfo | TensorInfo[] {
  const backend = args.backend as MathBackendCPU;
  const x = req(args.inputs.logits, 'logits');
  const xv = f32(backend, x);
  const cols = x.shape[x.shape.length - 1] ?? 0;
  const dim = Number(args.attrs?.dim ?? -1);
  if (!xv || xv.length === 0 || cols === 0 || (dim !== -1 && dim !== x.shape.length - 1)) return viaCpu('Softmax', args);
  const out = allocF32(xv.length, false);
  addon.softmax(xv, out, cols);
  return backend.makeTensorInfo(x.shape, 'float32', out);
}

/** The element-wise kernels, by tfjs kernel name. */
export function elementwiseKernels(addon: NativeAddon): Record<string, NativeKernelFunc> {
  const out: Record<string, NativeKernelFunc> = {
    Slice: (args) => slice(addon, args),
    FusedBatchNorm: (args) => batchNorm(addon, args),
    Sum: (args) => reduce(addon, 'Sum', args),
    Mean: (args) => reduce(addon, 'Mean', args),
    Softmax: (args) => softmax(addon, args),
  };
  for (const name of Object.keys(BINARY)) out[name] = (args) => binary(addon, name, args);
  for (const name of Object.keys(UNARY)) out[name] = (args) => unary(addon, name, args);
  return out;
}
