/**
 * GatherV2 and ScatterNd in plain typed-array loops. tfjs-backend-cpu's version computes a multi-index per
 * output element through TensorBuffer (allocating arrays for each): the YOLOv5 loss gathers
 * tens of thousands of values per level and step, which took ~4 ms a call. Same results (a
 * gather only copies), same bounds check and message. ScatterNd (the gather's gradient) adds
 * duplicates in index order like the cpu kernel, into pooled memory instead of a fresh buffer.
 */
import { backend_util, util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { allocF32 } from './alloc.js';
import { req, viaCpu } from './shared.js';
import type { KernelArgs, NativeKernelFunc } from './shared.js';

type Values = Float32Array | Int32Array;

function gatherV2(args: KernelArgs): TensorInfo | TensorInfo[] {
  const backend = args.backend as MathBackendCPU;
  const x = req(args.inputs.x, 'x'), indices = req(args.inputs.indices, 'indices');
  const xv = backend.data.get(x.dataId)?.values;
  const iv = backend.data.get(indices.dataId)?.values;
  const batchDims = Number(args.attrs?.batchDims ?? 0);
  if (!(xv instanceof Float32Array || xv instanceof Int32Array) || !(iv instanceof Int32Array) || x.dtype === 'bool'
    || (x.dtype === 'float32') !== (xv instanceof Float32Array)) {
    return viaCpu('GatherV2', args);
  }
  const axis = util.parseAxisParam(args.attrs?.axis as number, x.shape)[0]!;
  const dim = x.shape[axis]!;
  for (let i = 0; i < iv.length; i++) {
    util.assert(iv[i]! <= dim - 1 && iv[i]! >= 0, () => `GatherV2: the index value ${iv[i]} is not in [0, ${dim - 1}]`);
  }
  const info = backend_util.segment_util.collectGatherOpShapeInfo(
    x as Parameters<typeof backend_util.segment_util.collectGatherOpShapeInfo>[0],
    indices as Parameters<typeof backend_util.segment_util.collectGatherOpShapeInfo>[1], axis, batchDims);
  const { batchSize, outerSize, dimSize, sliceSize } = info;
  const perBatch = iv.length / batchSize;
  const out: Values = xv instanceof Float32Array ? allocF32(batchSize * outerSize * perBatch * sliceSize, false)
    : new Int32Array(batchSize * outerSize * perBatch * sliceSize);
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let r = 0; r < outerSize; r++) {
      const base = (b * outerSize + r) * dimSize;
      for (let i = 0; i < perBatch; i++) {
        const src = (base + iv[b * perBatch + i]!) * sliceSize;
        if (sliceSize === 1) out[o++] = xv[src]!;
        else { out.set(xv.subarray(src, src + sliceSize), o); o += sliceSize; }
      }
    }
  }
  return backend.makeTensorInfo(info.outputShape, x.dtype, out);
}

function scatterNd(args: KernelArgs): TensorInfo | TensorInfo[] {
  const backend = args.backend as MathBackendCPU;
  const indices = req(args.inputs.indices, 'indices'), updates = req(args.inputs.updates, 'updates');
  const shape = args.attrs?.shape as number[];
  const iv = backend.data.get(indices.dataId)?.values;
  const uv = backend.data.get(updates.dataId)?.values;
  if (updates.dtype !== 'float32' || !(uv instanceof Float32Array) || !(iv instanceof Int32Array)) return viaCpu('ScatterNd', args);
  const { sliceRank, numUpdates, sliceSize, strides, outputSize } = backend_util.calculateShapes(
    updates as Parameters<typeof backend_util.calculateShapes>[0], indices as Parameters<typeof backend_util.calculateShapes>[1], shape);
  const out = allocF32(outputSize, true);
  const slices = outputSize / sliceSize;
  for (let i = 0; i < numUpdates; i++) {
    let flat = 0;
    for (let j = 0; j < sliceRank; j++) flat += iv[i * sliceRank + j]! * strides[j]!;
    if (flat < 0 || flat >= slices) {
      const index = Array.from(iv.subarray(i * sliceRank, (i + 1) * sliceRank));
      throw new Error(`Invalid indices: ${index} does not index into ${shape}`);
    }
    for (let k = 0; k < sliceSize; k++) out[flat * sliceSize + k] += uv[i * sliceSize + k]!;
  }
  return backend.makeTensorInfo(shape, 'float32', out);
}

/** The gather and scatter kernels, by kernel name. */
export function gatherKernels(): Record<string, NativeKernelFunc> {
  return { GatherV2: gatherV2, ScatterNd: scatterNd };
}
