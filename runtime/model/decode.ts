/**
 * Priors and box decoding of YOLOv5Head.predict_by_feat: mmdet YOLOAnchorGenerator priors
 * (base anchor centred at stride/2, shifted by the cell, order (y, x, anchor)) and
 * YOLOv5BBoxCoder (xy = (2*sigmoid - 0.5 + grid) * stride, wh = (2*sigmoid)^2 * anchor); for the
 * point heads (YOLOv8, RTMDet, which inherit that predict_by_feat) mmdet MlvlPointGenerator points
 * ((x + offset) * stride, order (y, x)) and mmyolo DistancePointBBoxCoder (x1 = px - l * stride,
 * y1 = py - t * stride, x2 = px + r * stride, y2 = py + b * stride), sigmoid scores, no objectness.
 * The configured strides are used, as in MMYOLO, not the features' real ones.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HeadOutputs, PriorSpec } from './contracts.js';

/** Priors per level as xyxy rows, order (y, x, anchor): grid_priors. */
export function gridPriors(sizes: readonly [number, number][], strides: readonly number[], anchors: readonly (readonly number[])[][]): Float32Array[] {
  return sizes.map(([h, w], l) => {
    const s = strides[l]!;
    const lvl = anchors[l]!;
    const out = new Float32Array(h * w * lvl.length * 4);
    let o = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (const [aw, ah] of lvl) {
          out[o++] = x * s + s / 2 - aw! / 2;
          out[o++] = y * s + s / 2 - ah! / 2;
          out[o++] = x * s + s / 2 + aw! / 2;
          out[o++] = y * s + s / 2 + ah! / 2;
        }
      }
    }
    return out;
  });
}

/** Decoded predictions, N = sum(H*W*A) in order (level, y, x, anchor). */
export interface Decoded {
  /** [B, N, 4] xyxy in input pixels. */
  bboxes: tf.Tensor3D;
  /** [B, N, nc] sigmoid(cls). */
  clsProbs: tf.Tensor3D;
  /** [B, N] sigmoid(obj). */
  objectness: tf.Tensor2D;
}

/** Decoded predictions of a head without objectness (YOLOv8, RTMDet). */
export interface PointDecoded extends Omit<Decoded, 'objectness'> {
  objectness: null;
}

/** Decodes with the head's priors: anchors (YOLOv5) or points (YOLOv8, RTMDet). */
export function decodeHead(outs: HeadOutputs, priors: PriorSpec): Decoded | PointDecoded {
  return priors.kind === 'anchors' ? decodeOutputs(outs, priors.strides, priors.anchors) : decodePoints(outs, priors);
}

/** MlvlPointGenerator points per level as (x, y) rows, order (y, x): ((x + offset) * s, (y + offset) * s). */
export function gridPoints(sizes: readonly [number, number][], strides: readonly number[], offset: number): Float32Array[] {
  return sizes.map(([h, w], l) => {
    const s = strides[l]!;
    const out = new Float32Array(h * w * 2);
    let o = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        out[o++] = (x + offset) * s;
        out[o++] = (y + offset) * s;
      }
    }
    return out;
  });
}

/** Flattens point-head outputs and decodes the distances (no filtering). */
export function decodePoints(outs: HeadOutputs, p: { strides: readonly number[]; offset: number; featmapStrides: readonly number[] }): PointDecoded {
  const d = tf.tidy(() => {
    const b = outs.clsScores[0]!.shape[0];
    const nc = outs.clsScores[0]!.shape[3];
    const sizes = outs.clsScores.map((t) => [t.shape[1], t.shape[2]] as [number, number]);
    const pts = gridPoints(sizes, p.strides, p.offset);
    const total = pts.reduce((n, q) => n + q.length / 2, 0);
    const points = new Float32Array(total * 2);
    const stride = new Float32Array(total);
    let off = 0;
    pts.forEach((q, l) => {
      points.set(q, off * 2);
      stride.fill(p.featmapStrides[l]!, off, off + q.length / 2);
      off += q.length / 2;
    });
    const flat = (ts: tf.Tensor4D[], k: number) => tf.concat(ts.map((t) => tf.reshape(t, [b, -1, k])), 1);
    const cls = tf.sigmoid(flat(outs.clsScores, nc)) as tf.Tensor3D;
    // DistancePointBBoxCoder.decode: pred_bboxes * stride, then distance2bbox.
    const dist = tf.mul(flat(outs.bboxPreds, 4), tf.tensor2d(stride, [total, 1]));
    const [l, t, r, bt] = tf.split(dist, 4, 2);
    const [px, py] = tf.split(tf.tensor2d(points, [total, 2]), 2, 1) as tf.Tensor2D[];
    const bboxes = tf.concat([tf.sub(px!, l!), tf.sub(py!, t!), tf.add(px!, r!), tf.add(py!, bt!)], 2) as tf.Tensor3D;
    return { bboxes, clsProbs: cls };
  });
  return { ...d, objectness: null };
}

/** Flattens head outputs and decodes the boxes (no filtering). */
export function decodeOutputs(outs: HeadOutputs, strides: readonly number[], anchors: readonly (readonly number[])[][]): Decoded {
  return tf.tidy(() => {
    const b = outs.clsScores[0]!.shape[0];
    const A = anchors[0]!.length;
    const nc = outs.clsScores[0]!.shape[3] / A;
    const sizes = outs.clsScores.map((t) => [t.shape[1], t.shape[2]] as [number, number]);
    const pri = gridPriors(sizes, strides, anchors);
    const total = pri.reduce((n, p) => n + p.length / 4, 0);
    const priors = new Float32Array(total * 4);
    const stride = new Float32Array(total);
    let off = 0;
    pri.forEach((p, l) => {
      priors.set(p, off * 4);
      stride.fill(strides[l]!, off, off + p.length / 4);
      off += p.length / 4;
    });
    const flat = (ts: tf.Tensor4D[], k: number) => tf.concat(ts.map((t) => tf.reshape(t, [b, -1, k])), 1);
    const cls = tf.sigmoid(flat(outs.clsScores, nc)) as tf.Tensor3D;
    const box = tf.sigmoid(flat(outs.bboxPreds, 4));
    const obj = tf.reshape(tf.sigmoid(flat(outs.objectnesses, 1)), [b, total]) as tf.Tensor2D;
    const pr = tf.tensor2d(priors, [total, 4]);
    const [px1, py1, px2, py2] = tf.split(pr, 4, 1) as tf.Tensor2D[];
    const cx = tf.mul(tf.add(px1!, px2!), 0.5);
    const cy = tf.mul(tf.add(py1!, py2!), 0.5);
    const pw = tf.sub(px2!, px1!);
    const ph = tf.sub(py2!, py1!);
    const st = tf.tensor2d(stride, [total, 1]);
    const [bx, by, bw, bh] = tf.split(box, 4, 2);
    const x = tf.add(tf.mul(tf.mul(tf.sub(bx!, 0.5), 2), st), cx);
    const y = tf.add(tf.mul(tf.mul(tf.sub(by!, 0.5), 2), st), cy);
    const w = tf.mul(tf.square(tf.mul(bw!, 2)), pw);
    const h = tf.mul(tf.square(tf.mul(bh!, 2)), ph);
    const hw = tf.div(w, 2);
    const hh = tf.div(h, 2);
    const bboxes = tf.concat([tf.sub(x, hw), tf.sub(y, hh), tf.add(x, hw), tf.add(y, hh)], 2) as tf.Tensor3D;
    return { bboxes, clsProbs: cls, objectness: obj };
  });
}
