/**
 * Forward on PyTorch-layout data: an NCHW float tensor in, the head outputs out as NCHW
 * TensorData named like the fixtures (`cls_scores.L`, `bbox_preds.L`, `objectnesses.L` where the
 * head has objectness, YOLOv8's DFL logits `bbox_dist_preds.L` as PyTorch's training-mode
 * [B, H*W, 4, reg_max], and with `features` also `backbone.L`, `neck.L`). Eval mode, nothing left
 * allocated; results are read asynchronously (the only way on a GPU backend).
 */
import * as tf from '@tensorflow/tfjs-core';
import { YolocError } from '../errors.js';
import { checkDeviceErrors } from '../backend/device-errors.js';
import type { TensorData } from '../io/safetensors.js';
import type { Channels } from './contracts.js';
import { toNCHW, toNHWC, type YOLODetector } from './detector.js';
import { planned } from '../backend/native/plan/index.js';

/** Runs `model` in eval mode on an NCHW [B, 3, H, W] input. */
export async function forwardNCHW(model: YOLODetector<Channels, Channels>, input: TensorData, opts: { features?: boolean; file?: string } = {}): Promise<Map<string, TensorData>> {
  const s = input.shape;
  if (input.dtype !== 'float32' || s.length !== 4 || s[1] !== 3) {
    throw new YolocError('YC7005', `input must be a float32 [B, 3, H, W] tensor (NCHW, RGB), got ${input.dtype} [${s}]`, opts.file);
  }
  const named = tf.tidy(() => {
    const x = toNHWC(tf.tensor4d(input.data as Float32Array, s as [number, number, number, number]));
    const run = (): Record<string, tf.Tensor4D[]> => {
      const f = model.forwardFeatures(x, { training: false });
      const r: Record<string, tf.Tensor4D[]> = { cls_scores: f.clsScores, bbox_preds: f.bboxPreds, objectnesses: f.objectnesses };
      if (f.bboxDistPreds) r.bbox_dist_preds = f.bboxDistPreds;
      if (opts.features) Object.assign(r, { backbone: f.backbone, neck: f.neck });
      return r;
    };
    // On the native backend an inference plan where it can (the same bits as the tfjs forward).
    const f = (planned(model, model.uniqueParams().map(([, p]) => p.variable), x, run) ?? run()) as Record<string, tf.Tensor4D[]>;
    const out: [string, tf.Tensor4D][] = [];
    for (const [name, ts] of Object.entries(f)) {
      ts.forEach((t, i) => {
        if (name !== 'bbox_dist_preds') {
          out.push([`${name}.${i}`, toNCHW(t)]);
          return;
        }
        const [b, h, w, c] = t.shape;
        out.push([`${name}.${i}`, tf.reshape(t, [b, h * w, 4, c / 4]) as unknown as tf.Tensor4D]);
      });
    }
    return out;
  });
  const res = new Map<string, TensorData>();
  try {
    // Asynchronous reads: on a GPU backend a tensor can only be read that way in Node.
    const datas = await Promise.all(named.map(([, t]) => t.data() as Promise<Float32Array>));
    checkDeviceErrors();
    named.forEach(([k, t], i) => res.set(k, { dtype: 'float32', shape: [...t.shape], data: datas[i]! }));
  } finally {
    tf.dispose(named.map(([, t]) => t));
  }
  return res;
}
