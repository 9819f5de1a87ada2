/**
 * The validation/test loop (MMEngine's ValLoop/TestLoop with MMYOLO's YOLOv5Head.predict):
 * eval-mode forward of each batch, decode + NMS as test_cfg says, boxes back in original-image
 * pixels, collected as COCO results (`bbox` xywh, `category_id` from the annotation file's
 * ids), then the COCO metric.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { YOLODetector } from '../model/detector.js';
import { predictingHead, type Channels, type HeadOutputs } from '../model/contracts.js';
import { predictByFeat, type ImageMeta } from '../model/predict.js';
import type { DataLoader } from '../data/loader.js';
import { planned } from '../backend/native/plan/index.js';
import type { Batch } from '../data/collate.js';

/** One detection in COCO results format. */
export interface CocoResult {
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  score: number;
}

/** NCHW batch -> NHWC tensor (the model's layout). */
export function batchTensor(batch: Batch): tf.Tensor4D {
  return tf.tidy(() => tf.transpose(tf.tensor4d(batch.inputs, batch.shape), [0, 2, 3, 1]));
}

/** An eval-mode forward whose intermediate tensors are freed; the caller owns the outputs. On the
 * native backend it runs as an inference plan (runtime/backend/native/plan) where it can. */
export function evalForward(model: YOLODetector<Channels, Channels>, x: tf.Tensor4D): HeadOutputs {
  const run = (): { clsScores: tf.Tensor4D[]; bboxPreds: tf.Tensor4D[]; objectnesses: tf.Tensor4D[] } => {
    const o = model.forward(x, { training: false });
    return { clsScores: o.clsScores, bboxPreds: o.bboxPreds, objectnesses: o.objectnesses };
  };
  const viaPlan = planned(model, modelVariables(model), x, run);
  if (viaPlan) return viaPlan as unknown as HeadOutputs;
  const [clsScores, bboxPreds, objectnesses] = tf.tidy(() => {
    const o = run();
    return [o.clsScores, o.bboxPreds, o.objectnesses];
  });
  return { clsScores: clsScores!, bboxPreds: bboxPreds!, objectnesses: objectnesses! };
}

const variablesOf = new WeakMap<object, tf.Variable[]>();
/** Every variable of the model (parameters and buffers), computed once per model. */
function modelVariables(model: YOLODetector<Channels, Channels>): tf.Variable[] {
  let v = variablesOf.get(model);
  if (!v) variablesOf.set(model, (v = model.uniqueParams().map(([, p]) => p.variable)));
  return v;
}

/** Runs the model over a loader's epoch 0 and returns COCO results. */
export async function predictLoader(
  model: YOLODetector<Channels, Channels>, loader: DataLoader, catIds: number[],
  onBatch?: (done: number, total: number) => void,
): Promise<CocoResult[]> {
  const head = predictingHead(model.bboxHead);
  const results: CocoResult[] = [];
  let done = 0;
  for await (const batch of loader.epoch(0)) {
    const x = batchTensor(batch);
    const outs = evalForward(model, x);
    const metas: ImageMeta[] = batch.metas.map((m) => ({
      oriShape: m.ori_shape ?? [batch.shape[2], batch.shape[3]],
      scaleFactor: m.scale_factor ?? [1, 1],
      padParam: m.pad_param ? [m.pad_param[0]!, m.pad_param[1]!, m.pad_param[2]!, m.pad_param[3]!] : undefined,
    }));
    const dets = await predictByFeat(outs, metas, head.testCfg, head.priors);
    tf.dispose([x, ...outs.clsScores, ...outs.bboxPreds, ...outs.objectnesses]);
    dets.forEach((d, i) => {
      const imageId = batch.metas[i]!.img_id ?? batch.indices[i]!;
      for (let j = 0; j < d.scores.length; j++) {
        const [x1, y1, x2, y2] = [d.bboxes[j * 4]!, d.bboxes[j * 4 + 1]!, d.bboxes[j * 4 + 2]!, d.bboxes[j * 4 + 3]!];
        results.push({
          image_id: imageId,
          category_id: catIds[d.labels[j]!] ?? d.labels[j]!,
          bbox: [x1, y1, x2 - x1, y2 - y1],
          score: d.scores[j]!,
        });
      }
    });
    done += batch.indices.length;
    onBatch?.(done, loader.dataset.length);
  }
  return results;
}
