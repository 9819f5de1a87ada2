/**
 * The YOLOv5 loss as two kernels of the native backend (runtime/losses/yolov5-fused.ts: plain
 * loops over the tensors' memory): YolocYolov5Loss gives [loss_cls, loss_bbox, loss_obj],
 * YolocYolov5LossGrad the gradients of every head output for an upstream [3]. Inputs are named
 * b0.., o0.., c0.. (bboxPreds, objectnesses, clsScores per level); attrs.spec holds the
 * assignment. Every other backend runs the composite loss (runtime/losses/yolov5.ts).
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { YOLOV5_LOSS_KERNELS, yolov5FusedLoss, type Yolov5FusedInputs, type Yolov5FusedSpec } from '../../losses/yolov5-fused.js';
import { allocF32 } from './alloc.js';
import { f32, req } from './shared.js';
import type { KernelArgs, NativeKernelFunc } from './shared.js';

function inputsOf(args: KernelArgs, spec: Yolov5FusedSpec): { info: TensorInfo[][]; x: Yolov5FusedInputs } {
  const backend = args.backend as MathBackendCPU;
  const L = spec.levels.length;
  const info: TensorInfo[][] = [[], [], []];
  const x: Yolov5FusedInputs = { bbox: [], obj: [], cls: [] };
  (['b', 'o', 'c'] as const).forEach((k, j) => {
    for (let l = 0; l < L; l++) {
      const t = req(args.inputs[`${k}${l}`], `${k}${l}`);
      const v = f32(backend, t);
      if (v === null) throw new TypeError(`${YOLOV5_LOSS_KERNELS.loss}: input ${k}${l} is not float32`);
      info[j]!.push(t);
      (j === 0 ? x.bbox : j === 1 ? x.obj : x.cls).push(v);
    }
  });
  return { info, x };
}

/** The fused YOLOv5 loss kernels, by kernel name. */
export function yolov5LossKernels(): Record<string, NativeKernelFunc> {
  return {
    [YOLOV5_LOSS_KERNELS.loss]: (args) => {
      const backend = args.backend as MathBackendCPU;
      const spec = args.attrs?.spec as unknown as Yolov5FusedSpec;
      const { x } = inputsOf(args, spec);
      const out = allocF32(3, false);
      out.set(yolov5FusedLoss(spec, x));
      return backend.makeTensorInfo([3], 'float32', out);
    },
    [YOLOV5_LOSS_KERNELS.grad]: (args) => {
      const backend = args.backend as MathBackendCPU;
      const spec = args.attrs?.spec as unknown as Yolov5FusedSpec;
      const { info, x } = inputsOf(args, spec);
      const dyv = f32(backend, req(args.inputs.dy, 'dy'));
      if (dyv === null || dyv.length !== 3) throw new TypeError(`${YOLOV5_LOSS_KERNELS.grad}: dy must be float32 [3]`);
      const grads: Yolov5FusedInputs = {
        bbox: x.bbox.map((v) => allocF32(v.length)), obj: x.obj.map((v) => allocF32(v.length)), cls: x.cls.map((v) => allocF32(v.length)),
      };
      yolov5FusedLoss(spec, x, [dyv[0]!, dyv[1]!, dyv[2]!], grads);
      const flat = [grads.bbox, grads.obj, grads.cls];
      return info.flatMap((ts, j) => ts.map((t, l) => backend.makeTensorInfo(t.shape, 'float32', flat[j]![l]!)));
    },
  };
}
