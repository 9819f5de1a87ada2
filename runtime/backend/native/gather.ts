/**
 * GatherV2 in plain typed-array loops. tfjs-backend-cpu's version computes a multi-index per
 * output element through TensorBuffer (allocating arrays for each): the YOLOv5 loss gathers
 * tens of thousands of values per level and step, which took ~4 ms a call. Same results (a
 * gather only copies), same bounds check and message.
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

/** The gather kernel, by kernel name. */
export function gatherKernels(): Record<string, NativeKernelFunc> {
  return { GatherV2: gatherV2 };
}
