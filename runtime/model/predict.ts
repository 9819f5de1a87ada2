/**
 * YOLOv5Head.predict_by_feat (MMYOLO; YOLOv8Head and RTMDetHead inherit it) after decoding:
 * objectness filter at score_thr and score = cls * obj where the head has objectness,
 * multi-label or best-label filter_scores_and_topk (score > thr, top nms_pre), rescale to the
 * original image (minus pad_param, divided by scale_factor), batched NMS, max_per_img, clamp to
 * the original shape.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TestCfg } from '../modules/contract.js';
import type { HeadOutputs, PriorSpec } from './contracts.js';
import { decodeHead } from './decode.js';
import { checkDeviceErrors } from '../backend/device-errors.js';
import { batchedNms, sortByScore } from './nms.js';

/** What predict needs to know about each image (MMDetection's img_meta). */
export interface ImageMeta {
  /** [height, width] of the original image. */
  oriShape: [number, number];
  /** [w_scale, h_scale] of the resize; [1, 1] when none. */
  scaleFactor: [number, number];
  /** [top, bottom, left, right] letterbox padding, if any. */
  padParam?: [number, number, number, number];
}

/** Detections of one image, best first. */
export interface Detections {
  /** xyxy rows, 4 per detection, in original-image pixels. */
  bboxes: Float32Array;
  scores: Float32Array;
  labels: Int32Array;
}

/** Runs decode, filtering and NMS for a batch; one Detections per image. */
export async function predictByFeat(
  outs: HeadOutputs, metas: ImageMeta[], cfg: TestCfg,
  head: PriorSpec | { strides: readonly number[]; anchors: readonly (readonly number[])[][] },
  opts: { rescale?: boolean } = {},
): Promise<Detections[]> {
  const d = decodeHead(outs, 'kind' in head ? head : { kind: 'anchors', ...head });
  // Flat typed arrays: [B, N, 4], [B, N, nc], [B, N] (nested arraySync is slow at 640).
  // Read asynchronously (on a GPU backend the only way), all at once.
  const [, N, nc] = d.clsProbs.shape;
  let boxes: Float32Array, cls: Float32Array, obj: Float32Array | null;
  try {
    const reads = [d.bboxes.data(), d.clsProbs.data(), ...(d.objectness ? [d.objectness.data()] : [])] as Promise<Float32Array>[];
    [boxes, cls, obj = null] = await Promise.all(reads) as [Float32Array, Float32Array, Float32Array?];
  } finally {
    tf.dispose([d.bboxes, d.clsProbs, ...(d.objectness ? [d.objectness] : [])]);
  }
  checkDeviceErrors();
  const multiLabel = cfg.multiLabel && nc > 1;
  return metas.map((meta, b) => {
    // Candidates (row, label, score) in row-major order, as torch.nonzero yields them.
    const cand: { row: number; label: number; score: number }[] = [];
    for (let i = 0; i < N; i++) {
      // Without objectness the class scores are the scores (o = 1 multiplies exactly).
      const o = obj ? obj[b * N + i]! : 1;
      if (obj && cfg.scoreThr > 0 && !(o > cfg.scoreThr)) continue;
      const c0 = (b * N + i) * nc;
      if (multiLabel) {
        for (let k = 0; k < nc; k++) {
          const s = Math.fround(cls[c0 + k]! * o);
          if (s > cfg.scoreThr) cand.push({ row: i, label: k, score: s });
        }
      } else {
        let best = 0;
        for (let k = 1; k < nc; k++) if (cls[c0 + k]! > cls[c0 + best]!) best = k;
        const s = Math.fround(cls[c0 + best]! * o);
        if (s > cfg.scoreThr) cand.push({ row: i, label: best, score: s });
      }
    }
    const top = sortByScore(cand.map((c) => c.score)).slice(0, cfg.nmsPre).map((j) => cand[j]!);
    const n = top.length;
    const bx = new Float32Array(n * 4);
    const sc = new Float32Array(n);
    const lb = new Int32Array(n);
    const [padT, , padL] = meta.padParam ?? [0, 0, 0, 0];
    const [sw, sh] = opts.rescale === false ? [1, 1] : meta.scaleFactor;
    const [dx, dy] = opts.rescale === false ? [0, 0] : [padL, padT];
    top.forEach((c, j) => {
      const r = (b * N + c.row) * 4;
      bx[j * 4] = (boxes[r]! - dx!) / sw;
      bx[j * 4 + 1] = (boxes[r + 1]! - dy!) / sh;
      bx[j * 4 + 2] = (boxes[r + 2]! - dx!) / sw;
      bx[j * 4 + 3] = (boxes[r + 3]! - dy!) / sh;
      sc[j] = c.score;
      lb[j] = c.label;
    });
    const keep = batchedNms(bx, sc, lb, cfg.iouThreshold).slice(0, cfg.maxPerImg);
    const out: Detections = { bboxes: new Float32Array(keep.length * 4), scores: new Float32Array(keep.length), labels: new Int32Array(keep.length) };
    const [oh, ow] = meta.oriShape;
    keep.forEach((i, j) => {
      for (let k = 0; k < 4; k++) {
        const lim = k % 2 === 0 ? ow : oh;
        out.bboxes[j * 4 + k] = Math.min(Math.max(bx[i * 4 + k]!, 0), lim);
      }
      out.scores[j] = sc[i]!;
      out.labels[j] = lb[i]!;
    });
    return out;
  });
}
