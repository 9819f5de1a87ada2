/**
 * YOLOv5Head.predict_by_feat (MMYOLO) after decoding: objectness filter at score_thr,
 * score = cls * obj, multi-label or best-label filter_scores_and_topk (score > thr, top
 * nms_pre), rescale to the original image (minus pad_param, divided by scale_factor),
 * batched NMS, max_per_img, clamp to the original shape.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TestCfg } from '../modules/yolov5_head.js';
import type { HeadOutputs } from './contracts.js';
import { decodeOutputs } from './decode.js';
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
export function predictByFeat(
  outs: HeadOutputs, metas: ImageMeta[], cfg: TestCfg,
  head: { strides: readonly number[]; anchors: readonly (readonly number[])[][] },
  opts: { rescale?: boolean } = {},
): Detections[] {
  const d = decodeOutputs(outs, head.strides, head.anchors);
  const boxes = d.bboxes.arraySync();
  const cls = d.clsProbs.arraySync();
  const obj = d.objectness.arraySync();
  tf.dispose([d.bboxes, d.clsProbs, d.objectness]);
  const nc = cls[0]?.[0]?.length ?? 0;
  const multiLabel = cfg.multiLabel && nc > 1;
  return metas.map((meta, b) => {
    const rows: number[] = [];
    for (let i = 0; i < obj[b]!.length; i++) if (!(cfg.scoreThr > 0) || obj[b]![i]! > cfg.scoreThr) rows.push(i);
    // Candidates (row, label, score) in row-major order, as torch.nonzero yields them.
    const cand: { row: number; label: number; score: number }[] = [];
    for (const i of rows) {
      const o = obj[b]![i]!;
      const c = cls[b]![i]!;
      if (multiLabel) {
        for (let k = 0; k < nc; k++) {
          const s = Math.fround(c[k]! * o);
          if (s > cfg.scoreThr) cand.push({ row: i, label: k, score: s });
        }
      } else {
        let best = 0;
        for (let k = 1; k < nc; k++) if (c[k]! > c[best]!) best = k;
        const s = Math.fround(c[best]! * o);
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
    top.forEach((c, j) => {
      const r = boxes[b]![c.row]!;
      const shift = opts.rescale === false ? [0, 0] : [padL, padT];
      bx[j * 4] = (r[0]! - shift[0]!) / sw;
      bx[j * 4 + 1] = (r[1]! - shift[1]!) / sh;
      bx[j * 4 + 2] = (r[2]! - shift[0]!) / sw;
      bx[j * 4 + 3] = (r[3]! - shift[1]!) / sh;
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
