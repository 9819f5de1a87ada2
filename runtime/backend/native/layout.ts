/**
 * Copy kernels on the addon's region copy: Concat and SplitV (a concat's gradient), PadV2 (a
 * slice's gradient), Tile (upsampling). The cpu backend's versions of these walk elements one index at a time.
 */
import { backend_util, util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from './addon.js';
import { MAX_RANK, regionGeometry } from './elementwise.js';
import { allocF32 } from './alloc.js';
import { f32, req, viaCpu } from './shared.js';
import type { KernelArgs, NativeKernelFunc } from './shared.js';

function concat(addon: NativeAddon, args: KernelArgs): TensorInfo | TensorInfo[] {
  const backend = args.backend as MathBackendCPU;
  const tensors = Object.values(args.inputs).filter((t): t is TensorInfo => t !== undefined);
  if (tensors.length === 0) return viaCpu('Concat', args);
  const axis = util.parseAxisParam(args.attrs?.axis as number, tensors[0].shape)[0];
  const vals = tensors.map((t) => f32(backend, t));
  const r = tensors[0].shape.length;
  if (vals.some((v) => v === null) || r === 0 || r > MAX_RANK) return viaCpu('Concat', args);
  backend_util.assertParamsConsistent(tensors.map((t) => t.shape), axis);
  const outShape = backend_util.computeOutShape(tensors.map((t) => t.shape), axis);
  const out = allocF32(util.sizeFromShape(outShape), false);
  let offset = 0;
  tensors.forEach((t, i) => {
    const begin = outShape.map((_, d) => (d === axis ? offset : 0));
    if (t.shape[axis] > 0) addon.slice(out, vals[i] as Float32Array, regionGeometry(outShape, begin, t.shape), true);
    offset += t.shape[axis];
  });
  return backend.makeTensorInfo(outShape, 'float32', out);
}

function splitV(addon: NativeAddon, args: KernelArgs): TensorInfo | TensorInfo[] {
  const backend = args.backend as MathBackendCPU;
  const x = req(args.inputs.x, 'x');
  const xv = f32(backend, x);
  const r = x.shape.length;
  if (!xv || r === 0 || r > MAX_RANK) return viaCpu('SplitV', args);
  const axis = util.parseAxisParam(args.attrs?.axis as number, x.shape)[0];
  const sizes = backend_util.prepareSplitSize(x as Parameters<typeof backend_util.prepareSplitSize>[0],
    args.attrs?.numOrSizeSplits as number | number[], axis);
  let offset = 0;
  return sizes.map((s) => {
    const size = x.shape.map((d, k) => (k === axis ? s : d));
    const begin = x.shape.map((_, k) => (k === axis ? offset : 0));
    offset += s;
    const out = allocF32(util.sizeFromShape(size), false);
    if (out.length > 0) addon.slice(xv, out, regionGeometry(x.shape, begin, size));
    return backend.makeTensorInfo(size, 'float32', out);
  });
}

function padV2(addon: NativeAddon, args: KernelArgs): TensorInfo | TensorInfo[] {
  const backend = args.backend as MathBackendCPU;
  const x = req(args.inputs.x, 'x');
  const xv = f32(backend, x);
  const paddings = args.attrs?.paddings as Array<[number, number]>;
  const r = x.shape.length;
  if (!xv || r === 0 || r > MAX_RANK || paddings.some(([a, b]) => a < 0 || b < 0)) return viaCpu('PadV2', args);
  const outShape = x.shape.map((d, k) => paddings[k][0] + d + paddings[k][1]);
  const value = Number(args.attrs?.constantValue ?? 0);
  const out = allocF32(util.sizeFromShape(outShape), value === 0);
  if (value !== 0) out.fill(value);
  if (xv.length > 0) addon.slice(out, xv, regionGeometry(outShape, paddings.map((p) => p[0]), x.shape), true);
  return backend.makeTensorInfo(outShape, 'float32', out);
}

/** Tile as one region copy per tile (nearest-neighbour upsampling is reshape + tile + reshape). */
function tile(addon: NativeAddon, args: KernelArgs): TensorInfo | TensorInfo[] {
  const backend = args.backend as MathBackendCPU;
  const x = req(args.inputs.x, 'x');
  const xv = f32(backend, x);
  const reps = args.attrs?.reps as number[];
  const r = x.shape.length;
  const copies = reps.reduce((p, q) => p * q, 1);
  if (!xv || r === 0 || r > MAX_RANK || copies > 256 || xv.length === 0) return viaCpu('Tile', args);
  const outShape = x.shape.map((d, k) => d * reps[k]);
  const out = allocF32(util.sizeFromShape(outShape), false);
  for (let t = 0; t < copies; t++) {
    let rem = t;
    const begin = new Array<number>(r);
    for (let k = r - 1; k >= 0; k--) {
      begin[k] = (rem % reps[k]) * x.shape[k];
      rem = Math.floor(rem / reps[k]);
    }
    addon.slice(out, xv, regionGeometry(outShape, begin, x.shape), true);
  }
  return backend.makeTensorInfo(outShape, 'float32', out);
}

/** Transpose of float32 or int32 tensors (the cpu backend's walks every element through index
 * arithmetic in JavaScript: the NCHW -> NHWC batch of 8 x 3 x 320 x 320 was ~30% of a training
 * iteration of the demo). */
function transpose(addon: NativeAddon, args: KernelArgs): TensorInfo | TensorInfo[] {
  const backend = args.backend as MathBackendCPU;
  const x = req(args.inputs.x, 'x');
  const perm = args.attrs?.perm as number[];
  const r = x.shape.length;
  const values = backend.data.get(x.dataId)?.values;
  const view = values instanceof Float32Array ? values
    : values instanceof Int32Array && x.dtype === 'int32' ? new Float32Array(values.buffer, values.byteOffset, values.length) : null;
  if (view === null || r === 0 || r > MAX_RANK || !Array.isArray(perm) || perm.length !== r) return viaCpu('Transpose', args);
  const outShape = perm.map((p) => x.shape[p]!);
  const geom = new Int32Array(1 + 2 * MAX_RANK);
  geom[0] = r;
  x.shape.forEach((d, k) => { geom[1 + k] = d; });
  perm.forEach((p, k) => { geom[1 + MAX_RANK + k] = p; });
  const n = view.length;
  if (x.dtype === 'int32') {
    const out = new Int32Array(n);
    if (n > 0) addon.transpose(view, new Float32Array(out.buffer, out.byteOffset, n), geom);
    return backend.makeTensorInfo(outShape, 'int32', out);
  }
  const out = allocF32(n, false);
  if (n > 0) addon.transpose(view, out, geom);
  return backend.makeTensorInfo(outShape, 'float32', out);
}

/** The copy kernels, by tfjs kernel name. */
export function layoutKernels(addon: NativeAddon): Record<string, NativeKernelFunc> {
  return {
    Concat: (args) => concat(addon, args),
    SplitV: (args) => splitV(addon, args),
    PadV2: (args) => padV2(addon, args),
    Tile: (args) => tile(addon, args),
    Transpose: (args) => transpose(addon, args),
  };
}
