/**
 * MMYOLO's YOLOv8Head.loss_by_feat on TensorFlow.js, in two steps because its assigner reads the
 * predictions: yolov8Prepare (off the gradient tape) gathers, for the priors inside some GT box
 * only, their class logits and their decoded boxes on the device, reads them asynchronously and
 * runs the task-aligned assigner on the CPU (tal.ts); yolov8Loss (on the tape) is tfjs ops: BCE of
 * every class logit against the soft targets, CIoU and DFL of the positives, MMYOLO's weights and
 * normalisation (sum of the soft targets), times batch size x world size.
 */
import * as tf from '@tensorflow/tfjs-core';
import { YolocError } from '../errors.js';
import { bceWithLogitsSum, ciouXyxy, gatherRows } from './ops.js';
import { assignImage, candidatePriors, priorLevels, type ImageAssignment, type ImageGt, type PriorLevel } from './tal.js';
import type { Yolov8LossConfig } from './yolov8-config.js';

export { yolov8LossConfig, unhonouredYolov8Parts, type Yolov8LossConfig } from './yolov8-config.js';

const f = Math.fround;

/** Raw YOLOv8 head outputs per level: class logits and the reg branch's last conv (channel side * reg_max + bin). */
export interface Yolov8HeadOutputs {
  /** [B, H, W, C] (NHWC) or [B, C, H, W] (NCHW) logits. */
  clsScores: tf.Tensor[];
  /** [B, H, W, 4 * reg_max] (NHWC) or [B, 4 * reg_max, H, W] (NCHW). */
  bboxDistPreds: tf.Tensor[];
}

/** The three loss terms, each a scalar, already multiplied by batch size x world size. */
export interface Yolov8Losses {
  loss_cls: tf.Scalar;
  loss_bbox: tf.Scalar;
  loss_dfl: tf.Scalar;
}

/** Options of yolov8Prepare / yolov8Loss. */
export interface Yolov8LossOptions {
  layout?: 'NCHW' | 'NHWC';
  /** The padded batch input (H, W); by default level 0's feature size x its stride. */
  inputShape?: [number, number];
}

/** The positives of one level, in (image, prior) order, with their targets. */
export interface LevelPositives {
  count: number;
  img: Int32Array;
  y: Int32Array;
  x: Int32Array;
  label: Int32Array;
  /** Soft target = weight of the box and DFL terms (MMYOLO's assigned_scores.sum(-1)). */
  score: Float32Array;
  /** [count * 4] the GT box / stride (grid units), xyxy. */
  target: Float32Array;
  /** [count * 4] the GT box as (l, t, r, b) distances in grid units, clamped to [0, reg_max - 1 - 0.01]. */
  ltrb: Float32Array;
}

/** What yolov8Prepare hands yolov8Loss (plain data, no tensors). */
export interface Yolov8Assignment {
  batch: number;
  levels: PriorLevel[];
  perLevel: LevelPositives[];
  /** max(sum of the soft targets, 1): the loss normaliser. */
  scoreSum: number;
  /** Per image, the assigner's output (positives by prior index). */
  images: ImageAssignment[];
}

/** Head outputs in NHWC (NCHW ones transposed: the callers that pass NCHW are tests and the CLI). */
function toNhwc(out: Yolov8HeadOutputs, layout: 'NCHW' | 'NHWC'): Yolov8HeadOutputs {
  if (layout === 'NHWC') return out;
  const t = (x: tf.Tensor) => tf.transpose(x, [0, 2, 3, 1]);
  return { clsScores: out.clsScores.map(t), bboxDistPreds: out.bboxDistPreds.map(t) };
}

function levelDims(t: tf.Tensor, layout: 'NCHW' | 'NHWC'): [number, number, number, number] {
  const s = t.shape;
  return layout === 'NCHW' ? [s[0]!, s[2]!, s[3]!, s[1]!] : [s[0]!, s[1]!, s[2]!, s[3]!];
}

function checkOutputs(out: Yolov8HeadOutputs, cfg: Yolov8LossConfig, layout: 'NCHW' | 'NHWC'): void {
  const L = cfg.strides.length;
  for (const [name, list] of Object.entries(out) as [string, tf.Tensor[]][]) {
    if (!Array.isArray(list) || list.length !== L) throw new YolocError('YC7202', `${name}: ${list?.length} levels, the head config has ${L}`);
  }
  for (let l = 0; l < L; l++) {
    const [b, h, w, c] = levelDims(out.clsScores[l]!, layout);
    const [b2, h2, w2, d] = levelDims(out.bboxDistPreds[l]!, layout);
    if (out.clsScores[l]!.rank !== 4 || c !== cfg.numClasses) throw new YolocError('YC7202', `clsScores.${l} has shape [${out.clsScores[l]!.shape}], expected ${cfg.numClasses} channels (${layout})`);
    if (out.bboxDistPreds[l]!.rank !== 4 || d !== 4 * cfg.regMax || b2 !== b || h2 !== h || w2 !== w) {
      throw new YolocError('YC7202', `bboxDistPreds.${l} has shape [${out.bboxDistPreds[l]!.shape}], expected ${4 * cfg.regMax} channels (${layout}) and the batch/grid of clsScores.${l}`);
    }
  }
}

/** GT rows [img, label, x1, y1, x2, y2] -> each image's GTs, in row order; YC7203 on bad rows. */
export function splitGt(gt: Float32Array, batch: number, numClasses: number): ImageGt[] {
  if (gt.length % 6 !== 0) throw new YolocError('YC7203', `gt has ${gt.length} values, not a multiple of 6 (rows of img, label, x1, y1, x2, y2)`);
  const rows: number[][] = Array.from({ length: batch }, () => []);
  for (let i = 0; i < gt.length / 6; i++) {
    const img = gt[i * 6]!, label = gt[i * 6 + 1]!;
    if (!Number.isInteger(img) || img < 0 || img >= batch) throw new YolocError('YC7203', `gt row ${i}: image index ${img} is outside the batch of ${batch}`);
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) throw new YolocError('YC7203', `gt row ${i}: label ${label} is outside 0..${numClasses - 1}`);
    rows[img]!.push(i);
  }
  return rows.map((r) => ({
    labels: Int32Array.from(r, (i) => gt[i * 6 + 1]!),
    boxes: Float32Array.from(r.flatMap((i) => [gt[i * 6 + 2]!, gt[i * 6 + 3]!, gt[i * 6 + 4]!, gt[i * 6 + 5]!])),
  }));
}

/**
 * The assignment of a batch: candidates (priors inside a GT) are gathered on the device (class
 * logits of the image's GT classes, softmax-expected l, t, r, b), read with one asynchronous
 * read, and assigned on the CPU. Call it outside the gradient tape; it keeps no tensor.
 */
export async function yolov8Prepare(out: Yolov8HeadOutputs, gt: Float32Array, cfg: Yolov8LossConfig, opts: Yolov8LossOptions = {}): Promise<Yolov8Assignment> {
  const layout = opts.layout ?? 'NCHW';
  checkOutputs(out, cfg, layout);
  const [batch] = levelDims(out.clsScores[0]!, layout);
  const levels = priorLevels(out.clsScores.map((t) => levelDims(t, layout).slice(1, 3) as [number, number]), cfg.strides);
  const N = levels.reduce((n, l) => n + l.h * l.w, 0);
  const gts = splitGt(gt, batch, cfg.numClasses);
  const R = cfg.regMax;

  // candidates per image; per level, the NHWC rows of the candidates and the flat indices of
  // their logits for the image's GT classes (only those are ever scored)
  const cands = gts.map((g) => candidatePriors(levels, g));
  const classes = gts.map((g) => Int32Array.from(new Set(g.labels)).sort());
  const rowCount = new Int32Array(levels.length), clsCount = new Int32Array(levels.length);
  const levelOf = (p: number) => { let l = 0; while (p >= levels[l]!.offset + levels[l]!.h * levels[l]!.w) l++; return l; };
  cands.forEach((c, b) => c.all.forEach((p) => { const l = levelOf(p); rowCount[l]!++; clsCount[l]! += classes[b]!.length; }));
  const rowIdx = levels.map((_, l) => new Int32Array(rowCount[l]!));
  const clsIdx = levels.map((_, l) => new Int32Array(clsCount[l]!));
  // per image, per candidate: its level, its row in that level's gather, its first logit there
  const at = cands.map((c) => ({ level: new Int32Array(c.all.length), row: new Int32Array(c.all.length), cls: new Int32Array(c.all.length) }));
  rowCount.fill(0);
  clsCount.fill(0);
  cands.forEach((c, b) => c.all.forEach((p, r) => {
    const l = levelOf(p), lv = levels[l]!;
    const cell = b * lv.h * lv.w + p - lv.offset; // NHWC row of (b, y, x)
    at[b]!.level[r] = l;
    at[b]!.row[r] = rowCount[l]!;
    at[b]!.cls[r] = clsCount[l]!;
    rowIdx[l]![rowCount[l]!++] = cell;
    for (const k of classes[b]!) clsIdx[l]![clsCount[l]!++] = cell * cfg.numClasses + k;
  }));
  // one gather per level and output on the device, one asynchronous read of all of them
  const gathered = tf.tidy(() => {
    const o = toNhwc(out, layout);
    return levels.flatMap((_, l) => (rowIdx[l]!.length
      ? [tf.gather(tf.reshape(o.clsScores[l]!, [-1]), clsIdx[l]!), tf.gather(tf.reshape(o.bboxDistPreds[l]!, [-1, 4 * R]), rowIdx[l]!)]
      : [tf.zeros([0]), tf.zeros([0])]));
  });
  const data = (await Promise.all(gathered.map((t) => t.data()))) as Float32Array[];
  tf.dispose(gathered);
  const logits = levels.map((_, l) => data[2 * l]!), dists = levels.map((_, l) => data[2 * l + 1]!);

  const images: ImageAssignment[] = [];
  const rowOf = new Int32Array(N);
  for (let b = 0; b < batch; b++) {
    const all = cands[b]!.all, where = at[b]!;
    rowOf.fill(-1);
    all.forEach((p, r) => { rowOf[p] = r; });
    const clsPos = new Map([...classes[b]!].map((c, j) => [c, j]));
    // decoded boxes (pixels) of the candidates: softmax-expected l, t, r, b at the prior, times the stride
    const boxes = new Float32Array(all.length * 4);
    all.forEach((p, r) => {
      const lv = levels[where.level[r]!]!;
      const i = p - lv.offset, s = lv.stride;
      const px = f(f((i % lv.w) + 0.5) * s), py = f(f(Math.trunc(i / lv.w) + 0.5) * s);
      const d = expectedDistances(dists[where.level[r]!]!, where.row[r]!, R);
      boxes[r * 4] = f(px - f(d[0]! * s));
      boxes[r * 4 + 1] = f(py - f(d[1]! * s));
      boxes[r * 4 + 2] = f(px + f(d[2]! * s));
      boxes[r * 4 + 3] = f(py + f(d[3]! * s));
    });
    images.push(assignImage(N, gts[b]!, cands[b]!.perGt, {
      box: (p) => boxes.subarray(rowOf[p]! * 4, rowOf[p]! * 4 + 4),
      score: (p, c) => {
        const r = rowOf[p]!;
        return f(1 / (1 + Math.exp(-logits[where.level[r]!]![where.cls[r]! + clsPos.get(c)!]!)));
      },
    }, cfg.assigner));
  }
  return buildAssignment(images, gts, levels, batch, cfg);
}

const distScratch = new Float64Array(4);

/** The softmax-expected (l, t, r, b) of one row of 4 x R distribution logits (float64, then float32). */
function expectedDistances(rows: Float32Array, row: number, R: number): Float64Array {
  for (let side = 0; side < 4; side++) {
    const o = (row * 4 + side) * R;
    let max = -Infinity;
    for (let j = 0; j < R; j++) max = Math.max(max, rows[o + j]!);
    let sum = 0, dot = 0;
    for (let j = 0; j < R; j++) {
      const e = Math.exp(rows[o + j]! - max);
      sum += e;
      dot += e * j;
    }
    distScratch[side] = f(dot / sum);
  }
  return distScratch;
}

/** Sorts the images' positives into levels with their box and DFL targets. */
export function buildAssignment(images: ImageAssignment[], gts: ImageGt[], levels: PriorLevel[], batch: number, cfg: Yolov8LossConfig): Yolov8Assignment {
  const maxDis = f(cfg.regMax - 1 - 0.01);
  let sum = 0;
  const perLevel = levels.map((lv) => {
    const rows: [number, number, number][] = []; // (image, index into its positives, prior)
    images.forEach((a, b) => a.prior.forEach((p, i) => { if (p >= lv.offset && p < lv.offset + lv.h * lv.w) rows.push([b, i, p]); }));
    const n = rows.length;
    const lp: LevelPositives = {
      count: n, img: new Int32Array(n), y: new Int32Array(n), x: new Int32Array(n), label: new Int32Array(n),
      score: new Float32Array(n), target: new Float32Array(n * 4), ltrb: new Float32Array(n * 4),
    };
    const s = lv.stride;
    rows.forEach(([b, i, p], r) => {
      const a = images[b]!;
      const k = p - lv.offset;
      lp.img[r] = b; lp.y[r] = Math.trunc(k / lv.w); lp.x[r] = k % lv.w;
      lp.label[r] = a.label[i]!; lp.score[r] = a.score[i]!;
      const g = a.gt[i]!, box = gts[b]!.boxes;
      const t = [0, 1, 2, 3].map((j) => f(box[g * 4 + j]! / s));
      lp.target.set(t, r * 4);
      const px = f(f((k % lv.w) + 0.5) * s / s), py = f(f(Math.trunc(k / lv.w) + 0.5) * s / s);
      const clamp = (v: number) => Math.min(Math.max(v, 0), maxDis);
      lp.ltrb.set([clamp(f(px - t[0]!)), clamp(f(py - t[1]!)), clamp(f(t[2]! - px)), clamp(f(t[3]! - py))], r * 4);
    });
    return lp;
  });
  for (const a of images) for (const v of a.score) sum = f(sum + v);
  return { batch, levels, perLevel, scoreSum: Math.max(sum, 1), images };
}

/**
 * The YOLOv8 training loss of raw head outputs, given yolov8Prepare's assignment of the same
 * outputs. Call it inside tf.grad / the training step's tape; the caller owns the scalars.
 */
export function yolov8Loss(out: Yolov8HeadOutputs, asg: Yolov8Assignment, cfg: Yolov8LossConfig, opts: Yolov8LossOptions = {}): Yolov8Losses {
  const layout = opts.layout ?? 'NCHW';
  checkOutputs(out, cfg, layout);
  const R = cfg.regMax;
  const S = asg.scoreSum;
  return tf.tidy(() => {
    const o = toNhwc(out, layout);
    // classification: BCE of every logit against the soft targets (zero off the positives)
    let clsSum: tf.Tensor = tf.scalar(0);
    o.clsScores.forEach((t, l) => {
      const lp = asg.perLevel[l]!;
      const lv = asg.levels[l]!;
      const idx = Int32Array.from({ length: lp.count }, (_, r) => ((lp.img[r]! * lv.h + lp.y[r]!) * lv.w + lp.x[r]!) * cfg.numClasses + lp.label[r]!);
      const target = lp.count
        ? tf.reshape(tf.scatterND(tf.tensor2d(idx, [lp.count, 1], 'int32'), tf.tensor1d(lp.score), [t.size]), t.shape)
        : tf.zerosLike(t);
      clsSum = tf.add(clsSum, tf.mul(cfg.loss.cls, bceWithLogitsSum(t, target)));
    });
    const lossCls = tf.div(clsSum, S);

    const count = asg.perLevel.reduce((n, lp) => n + lp.count, 0);
    let lossBox: tf.Tensor, lossDfl: tf.Tensor;
    if (count === 0) {
      const zero = tf.addN(o.bboxDistPreds.map((t) => tf.mul(tf.sum(t), 0)));
      lossBox = zero;
      lossDfl = zero;
    } else {
      // the positives' distribution logits [P, 4R], levels in order
      const rows = tf.concat(o.bboxDistPreds.flatMap((t, l) => {
        const lp = asg.perLevel[l]!;
        const lv = asg.levels[l]!;
        if (!lp.count) return [];
        const idx = Int32Array.from({ length: lp.count }, (_, r) => (lp.img[r]! * lv.h + lp.y[r]!) * lv.w + lp.x[r]!);
        return [gatherRows(tf.reshape(t, [-1, 4 * R]) as tf.Tensor2D, idx)];
      }), 0);
      const cat = (pick: (lp: LevelPositives, l: number) => number[]) => Float32Array.from(asg.perLevel.flatMap(pick));
      const weight = tf.tensor1d(cat((lp) => [...lp.score]));
      const stride = tf.tensor2d(cat((lp, l) => Array(lp.count).fill(asg.levels[l]!.stride)), [count, 1]);
      const point = tf.tensor2d(cat((lp, l) => [...lp.x].flatMap((x, r) => [f(x + 0.5) * asg.levels[l]!.stride, f(lp.y[r]! + 0.5) * asg.levels[l]!.stride])), [count, 2]);
      const target = tf.tensor2d(cat((lp) => [...lp.target]), [count, 4]);
      // boxes: softmax-expected distances, decoded at the prior (pixels), then / stride as MMYOLO
      const proj = tf.range(0, R, 1, 'float32');
      const d = tf.sum(tf.mul(tf.softmax(tf.reshape(rows, [count, 4, R])), proj), -1) as tf.Tensor2D;
      const ds = tf.mul(d, stride);
      const [l, t, r, b] = tf.split(ds, 4, 1);
      const [px, py] = tf.split(point, 2, 1);
      const pred = tf.div(tf.concat([tf.sub(px!, l!), tf.sub(py!, t!), tf.add(px!, r!), tf.add(py!, b!)], 1), stride) as tf.Tensor2D;
      const ciou = ciouXyxy(pred, target, cfg.iouEps);
      // levels without positives join with "* 0" (as the YOLOv5 loss), so every output has a gradient
      const idle = o.bboxDistPreds.filter((_, l) => asg.perLevel[l]!.count === 0).map((t) => tf.mul(tf.sum(t), 0));
      lossBox = tf.div(tf.mul(cfg.loss.bbox, tf.sum(tf.mul(tf.sub(1, ciou), weight))), S);
      if (idle.length) lossBox = tf.add(lossBox, tf.addN(idle));
      // DFL: cross-entropy to the two bins around each target distance, linearly weighted
      const ltrb = cat((lp) => [...lp.ltrb]);
      const w4 = cat((lp) => [...lp.score].flatMap((s) => [s, s, s, s]));
      const mix = new Float32Array(count * 4 * R);
      for (let i = 0; i < count * 4; i++) {
        const left = Math.trunc(ltrb[i]!);
        mix[i * R + left] = f(f(f(left + 1) - ltrb[i]!) * w4[i]!);
        mix[i * R + left + 1] = f(f(ltrb[i]! - left) * w4[i]!);
      }
      const logp = tf.logSoftmax(tf.reshape(rows, [count * 4, R]));
      const dflSum = tf.neg(tf.sum(tf.mul(logp, tf.tensor2d(mix, [count * 4, R]))));
      lossDfl = tf.mul(cfg.loss.dfl, tf.div(dflSum, f(S + f(2 ** -23))));
    }
    const scale = asg.batch * cfg.worldSize;
    return {
      loss_cls: tf.mul(lossCls, scale) as tf.Scalar,
      loss_bbox: tf.mul(lossBox, scale) as tf.Scalar,
      loss_dfl: tf.mul(lossDfl, scale) as tf.Scalar,
    };
  });
}
