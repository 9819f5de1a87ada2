/**
 * RTMDet's loss kernels on the addon (native/src/rtmdet_loss.cc): the dynamic soft label
 * assignment of a batch and the element-wise Quality Focal Loss with its derivative. The
 * composite tfjs versions (runtime/losses) run on every other backend; tests/losses/rtmdet.test.ts
 * holds both to the PyTorch fixtures.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { RTMDET_KERNELS } from '../../losses/rtmdet-ops.js';
import type { NativeAddon } from './addon.js';
import { allocF32 } from './alloc.js';
import { f32, req } from './shared.js';
import type { KernelArgs, NativeKernelFunc } from './shared.js';

function floats(args: KernelArgs, name: string): { t: TensorInfo; v: Float32Array } {
  const t = req(args.inputs[name], name);
  const v = f32(args.backend as MathBackendCPU, t);
  if (v === null) throw new TypeError(`native ${name}: expected a float32 tensor, got ${t.dtype}`);
  return { t, v };
}

/** The RTMDet loss kernels, by kernel name. */
export function rtmdetKernels(addon: NativeAddon): Record<string, NativeKernelFunc> {
  return {
    [RTMDET_KERNELS.dslAssign]: (args) => {
      const backend = args.backend as MathBackendCPU;
      const decoded = floats(args, 'decoded'), scores = floats(args, 'scores'), priors = floats(args, 'priors');
      const gtBoxes = floats(args, 'gtBoxes'), gtFlag = floats(args, 'gtFlag');
      const labels = req(args.inputs.gtLabels, 'gtLabels');
      const lv = backend.data.get(labels.dataId)?.values;
      if (!(lv instanceof Int32Array)) throw new TypeError('native gtLabels: expected an int32 tensor');
      const [B, N] = decoded.t.shape as [number, number];
      const C = scores.t.shape[2]!;
      const M = gtBoxes.t.shape[1]!;
      const gtIndex = new Int32Array(B * N);
      const metric = allocF32(B * N, false), target = allocF32(B * N * C, false), boxes = allocF32(B * N * 4, false);
      addon.dslAssign(decoded.v, scores.v, priors.v, gtBoxes.v, lv, gtFlag.v, Int32Array.from([B, N, C, M, Number(args.attrs?.topk)]),
        Float32Array.from([Number(args.attrs?.softCenterRadius), Number(args.attrs?.iouWeight)]), gtIndex, metric, target, boxes);
      return [backend.makeTensorInfo([B, N], 'int32', gtIndex), backend.makeTensorInfo([B, N], 'float32', metric),
        backend.makeTensorInfo([B, N, C], 'float32', target), backend.makeTensorInfo([B, N, 4], 'float32', boxes)];
    },
    [RTMDET_KERNELS.qualityFocal]: (args) => {
      const backend = args.backend as MathBackendCPU;
      const x = floats(args, 'x'), t = floats(args, 't');
      const loss = allocF32(x.v.length, false), grad = allocF32(x.v.length, false);
      addon.qualityFocal(x.v, t.v, loss, grad, Math.fround(Number(args.attrs?.beta)));
      return [backend.makeTensorInfo(x.t.shape, 'float32', loss), backend.makeTensorInfo(x.t.shape, 'float32', grad)];
    },
  };
}
