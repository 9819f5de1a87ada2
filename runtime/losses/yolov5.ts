/**
 * MMYOLO's YOLOv5Head.loss_by_feat on TensorFlow.js. The assignment (which cells and priors are
 * positives, their target boxes, which positive writes the objectness target last) is computed
 * on the CPU from the GT rows (runtime/losses/assigner.ts); everything that touches predictions
 * is tfjs ops, so gradients flow through tf.grad / optimizer.minimize on any backend and no
 * tensor is read back to the CPU.
 */
import * as tf from '@tensorflow/tfjs-core';
import { YolocError } from '../errors.js';
import { assignLevel, lastWriters, normalizeGt, type LevelAssignment } from './assigner.js';
import type { Yolov5LossConfig } from './config.js';
import { bceWithLogits, bceWithLogitsPosWeight, ciouXywh, customOp, gatherFlat } from './ops.js';
import { hasKernel } from './rtmdet-ops.js';
import { YOLOV5_LOSS_KERNELS, type Yolov5FusedSpec } from './yolov5-fused.js';

export { yolov5LossConfig, DEFAULT_ANCHORS, type Yolov5LossConfig } from './config.js';

/** Raw head logits per level: NCHW as PyTorch ([B, A*C, H, W], ...) or NHWC ([B, H, W, A*C], ...). */
export interface HeadOutputs {
  clsScores: tf.Tensor[];
  bboxPreds: tf.Tensor[];
  objectnesses: tf.Tensor[];
}

/** The three loss terms, each a scalar, already multiplied by batch size x world size. */
export interface Yolov5Losses {
  loss_cls: tf.Scalar;
  loss_bbox: tf.Scalar;
  loss_obj: tf.Scalar;
}

/** Options of yolov5Loss. */
export interface Yolov5LossOptions {
  /** Layout of the head outputs; NCHW (PyTorch's) by default. */
  layout?: 'NCHW' | 'NHWC';
  /** The padded batch input (H, W) in pixels; by default level 0's feature size x its stride. */
  inputShape?: [number, number];
}

/** Flat element index of (img, prior, channel, y, x) in one level's tensor, per layout. */
type Indexer = (b: number, a: number, c: number, y: number, x: number) => number;

function indexer(layout: 'NCHW' | 'NHWC', priors: number, channels: number, h: number, w: number): Indexer {
  return layout === 'NCHW'
    ? (b, a, c, y, x) => (((b * priors + a) * channels + c) * h + y) * w + x
    : (b, a, c, y, x) => (((b * h + y) * w + x) * priors + a) * channels + c;
}

/** Gathers [P, channels] rows at the positives from one level's tensor, flattened. */
function gatherRows(t: tf.Tensor, asg: LevelAssignment, at: Indexer, channels: number): tf.Tensor2D {
  const idx = new Int32Array(asg.count * channels);
  for (let r = 0; r < asg.count; r++) {
    for (let c = 0; c < channels; c++) idx[r * channels + c] = at(asg.img[r]!, asg.prior[r]!, c, asg.gy[r]!, asg.gx[r]!);
  }
  return tf.reshape(gatherFlat(tf.reshape(t, [-1]) as tf.Tensor1D, idx), [asg.count, channels]);
}

/**
 * The objectness target: clamp(detached CIoU, 0) scattered at the positives' cells, the last
 * writer winning. The scatter runs inside customGrad, so no gradient is asked of it.
 */
function objTarget(ciou: tf.Tensor1D, rows: Int32Array, cells: Int32Array, size: number): tf.Tensor1D {
  const f = customOp(([x]) => ({
    value: tf.tidy(() => {
      const vals = tf.gather(tf.clipByValue(x!, 0, Infinity), tf.tensor1d(rows, 'int32'));
      return tf.scatterND(tf.tensor2d(cells, [cells.length, 1], 'int32'), vals, [size]);
    }),
    gradFunc: () => tf.zerosLike(x!),
  }));
  return f(ciou) as tf.Tensor1D;
}

function checkShapes(out: HeadOutputs, cfg: Yolov5LossConfig, layout: 'NCHW' | 'NHWC'): void {
  const levels = cfg.strides.length;
  for (const [name, list] of Object.entries(out) as [string, tf.Tensor[]][]) {
    if (list.length !== levels) throw new YolocError('YC7202', `${name}: ${list.length} levels, the head config has ${levels}`);
  }
  for (let l = 0; l < levels; l++) {
    const A = cfg.anchors[l]!.length;
    const want: [tf.Tensor, number, string][] = [
      [out.clsScores[l]!, A * cfg.numClasses, 'clsScores'], [out.bboxPreds[l]!, A * 4, 'bboxPreds'], [out.objectnesses[l]!, A, 'objectnesses'],
    ];
    const ref = out.bboxPreds[l]!.shape;
    for (const [t, ch, name] of want) {
      const s = t.shape;
      const c = layout === 'NCHW' ? s[1] : s[3];
      const same = layout === 'NCHW' ? s[0] === ref[0] && s[2] === ref[2] && s[3] === ref[3] : s[0] === ref[0] && s[1] === ref[1] && s[2] === ref[2];
      if (s.length !== 4 || c !== ch || !same) {
        throw new YolocError('YC7202', `${name}.${l} has shape [${s}], expected ${ch} channels (${layout}) and the batch/grid of bboxPreds.${l} [${ref}]`);
      }
    }
  }
}

/** One level's assignment and grid, as yolov5Loss computes them. */
interface LevelPlan { H: number; W: number; A: number; asg: LevelAssignment }

/**
 * The loss as one op of the backend's fused kernels (runtime/losses/yolov5-fused.ts): the
 * assignment becomes flat indices into the head outputs, the kernel returns the three terms and
 * its gradient kernel every head output's gradient. Same values and gradients as the composite
 * ops below (tests/losses/yolov5.test.ts), ~1,300 fewer kernel calls a step.
 */
function fusedLoss(out: HeadOutputs, levels: LevelPlan[], cfg: Yolov5LossConfig, layout: 'NCHW' | 'NHWC', batch: number): Yolov5Losses {
  const C = cfg.numClasses;
  const spec: Yolov5FusedSpec = {
    levels: levels.map(({ H, W, A, asg }, l) => {
      const P = asg.count;
      const boxAt = indexer(layout, A, 4, H, W);
      const clsAt = indexer(layout, A, C, H, W);
      const objAt = indexer(layout, A, 1, H, W);
      const bboxIdx = new Int32Array(P * 4);
      const clsIdx = new Int32Array(C > 1 ? P * C : 0);
      for (let r = 0; r < P; r++) {
        const [b, a, y, x] = [asg.img[r]!, asg.prior[r]!, asg.gy[r]!, asg.gx[r]!];
        for (let c = 0; c < 4; c++) bboxIdx[r * 4 + c] = boxAt(b, a, c, y, x);
        if (C > 1) for (let c = 0; c < C; c++) clsIdx[r * C + c] = clsAt(b, a, c, y, x);
      }
      const { rows, cells } = lastWriters(asg, (b, a, y, x) => objAt(b, a, 0, y, x));
      return { count: P, bboxIdx, clsIdx, label: asg.label, tbox: asg.tbox, anchor: asg.anchor, objRows: rows, objCells: cells, levelWeight: cfg.objLevelWeights[l] ?? 1 };
    }),
    numClasses: C,
    weights: cfg.loss,
    ciouEps: cfg.ciouEps,
    clsPosWeight: cfg.posWeight?.cls ? Float32Array.from({ length: C }, (_, c) => cfg.posWeight!.cls!.length === 1 ? cfg.posWeight!.cls![0]! : cfg.posWeight!.cls![c]!) : null,
    objPosWeight: cfg.posWeight?.obj ?? null,
    scale: batch * cfg.worldSize,
  };
  const L = levels.length;
  const named = (ts: tf.Tensor[]): Record<string, tf.Tensor> =>
    Object.fromEntries(ts.map((t, i) => [`${'boc'[Math.floor(i / L)]}${i % L}`, t]));
  const attrs = { spec } as unknown as tf.NamedAttrMap;
  const op = customOp((ts, save) => {
    save(ts);
    return {
      value: tf.engine().runKernel(YOLOV5_LOSS_KERNELS.loss, named(ts) as tf.NamedTensorMap, attrs) as tf.Tensor,
      gradFunc: (dy, saved) => tf.engine().runKernel(YOLOV5_LOSS_KERNELS.grad, { ...named(saved), dy } as tf.NamedTensorMap, attrs) as tf.Tensor[],
    };
  });
  return tf.tidy(() => {
    const [cls, box, obj] = tf.unstack(op(...out.bboxPreds, ...out.objectnesses, ...out.clsScores)) as tf.Scalar[];
    return { loss_cls: cls!, loss_bbox: box!, loss_obj: obj! };
  });
}

/**
 * The YOLOv5 training loss (MMYOLO YOLOv5Head.loss_by_feat) of raw head outputs and GT rows
 * `gt` = [img, label, x1, y1, x2, y2] per box, in input pixels. Call it inside tf.grad /
 * optimizer.minimize; the caller owns the returned scalars.
 */
export function yolov5Loss(out: HeadOutputs, gt: Float32Array, cfg: Yolov5LossConfig, opts: Yolov5LossOptions = {}): Yolov5Losses {
  const layout = opts.layout ?? 'NCHW';
  checkShapes(out, cfg, layout);
  const dims = (t: tf.Tensor) => (layout === 'NCHW' ? [t.shape[0], t.shape[2], t.shape[3]] : [t.shape[0], t.shape[1], t.shape[2]]) as [number, number, number];
  const [batch, h0, w0] = dims(out.bboxPreds[0]!);
  const [inH, inW] = opts.inputShape ?? [h0 * cfg.strides[0]!, w0 * cfg.strides[0]!];
  if (gt.length % 6 !== 0) throw new YolocError('YC7203', `gt has ${gt.length} values, not a multiple of 6 (rows of img, label, x1, y1, x2, y2)`);
  const gtNorm = normalizeGt(gt, inH, inW);
  for (let i = 0; i < gt.length / 6; i++) {
    const img = gt[i * 6]!;
    const label = gt[i * 6 + 1]!;
    if (!Number.isInteger(img) || img < 0 || img >= batch) throw new YolocError('YC7203', `gt row ${i}: image index ${img} is outside the batch of ${batch}`);
    if (!Number.isInteger(label) || label < 0 || label >= cfg.numClasses) throw new YolocError('YC7203', `gt row ${i}: label ${label} is outside 0..${cfg.numClasses - 1}`);
  }
  // mmdet CrossEntropyLoss class_weight: BCE pos_weight (per class for loss_cls, one value for loss_obj)
  const clsPw = cfg.posWeight?.cls ?? null;
  const objPw = cfg.posWeight?.obj ?? null;
  const levels = cfg.strides.map((stride, l) => {
    const [, H, W] = dims(out.bboxPreds[l]!);
    const asg = assignLevel(gtNorm, H, W, cfg.anchors[l]!, stride, cfg.priorMatchThr, cfg.nearNeighborThr);
    for (let r = 0; r < asg.count; r++) {
      if (asg.gx[r]! < 0 || asg.gx[r]! >= W || asg.gy[r]! < 0 || asg.gy[r]! >= H) {
        throw new YolocError('YC7203', `gt row ${asg.gtIndex[r]}: its centre falls outside the ${inW}x${inH} input (level ${l} cell (${asg.gx[r]}, ${asg.gy[r]}))`);
      }
    }
    return { H, W, A: cfg.anchors[l]!.length, asg };
  });
  if (hasKernel(YOLOV5_LOSS_KERNELS.loss) && hasKernel(YOLOV5_LOSS_KERNELS.grad)) return fusedLoss(out, levels, cfg, layout, batch);
  return tf.tidy(() => {
    let lossCls: tf.Tensor = tf.scalar(0);
    let lossBox: tf.Tensor = tf.scalar(0);
    let lossObj: tf.Tensor = tf.scalar(0);
    const C = cfg.numClasses;
    for (let l = 0; l < cfg.strides.length; l++) {
      const { H, W, A, asg } = levels[l]!;
      const obj = out.objectnesses[l]!;
      const levelWeight = cfg.objLevelWeights[l] ?? 1;
      if (asg.count === 0) {
        // only the objectness term (all-zero target); the "* 0" terms keep cls/bbox connected
        lossBox = tf.add(lossBox, tf.mul(tf.sum(out.bboxPreds[l]!), 0));
        lossCls = tf.add(lossCls, tf.mul(tf.sum(out.clsScores[l]!), 0));
        lossObj = tf.add(lossObj, tf.mul(tf.mul(cfg.loss.obj, tf.mean(bceWithLogits(obj, tf.zerosLike(obj)))), levelWeight));
        continue;
      }
      const s = tf.sigmoid(gatherRows(out.bboxPreds[l]!, asg, indexer(layout, A, 4, H, W), 4));
      const [sxy, swh] = tf.split(s, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      const anchor = tf.tensor2d(asg.anchor, [asg.count, 2]);
      const pred = tf.concat([tf.sub(tf.mul(sxy, 2), 0.5), tf.mul(tf.square(tf.mul(swh, 2)), anchor)], 1) as tf.Tensor2D;
      const ciou = ciouXywh(pred, tf.tensor2d(asg.tbox, [asg.count, 4]), cfg.ciouEps);
      lossBox = tf.add(lossBox, tf.mul(cfg.loss.bbox, tf.mean(tf.sub(1, ciou))));

      const objAt = indexer(layout, A, 1, H, W);
      const { rows, cells } = lastWriters(asg, (b, a, y, x) => objAt(b, a, 0, y, x));
      const target = tf.reshape(objTarget(ciou, rows, cells, obj.size), obj.shape);
      const objBce = objPw === null ? bceWithLogits(obj, target) : bceWithLogitsPosWeight(obj, target, tf.scalar(objPw));
      lossObj = tf.add(lossObj, tf.mul(tf.mul(cfg.loss.obj, tf.mean(objBce)), levelWeight));

      if (C > 1) {
        const logits = gatherRows(out.clsScores[l]!, asg, indexer(layout, A, C, H, W), C);
        const onehot = new Float32Array(asg.count * C);
        for (let r = 0; r < asg.count; r++) onehot[r * C + asg.label[r]!] = 1;
        const onehotT = tf.tensor2d(onehot, [asg.count, C]);
        const clsBce = clsPw === null ? bceWithLogits(logits, onehotT) : bceWithLogitsPosWeight(logits, onehotT, tf.tensor1d(clsPw));
        lossCls = tf.add(lossCls, tf.mul(cfg.loss.cls, tf.mean(clsBce)));
      } else {
        lossCls = tf.add(lossCls, tf.mul(tf.sum(out.clsScores[l]!), 0));
      }
    }
    const scale = batch * cfg.worldSize;
    return {
      loss_cls: tf.mul(lossCls, scale) as tf.Scalar,
      loss_bbox: tf.mul(lossBox, scale) as tf.Scalar,
      loss_obj: tf.mul(lossObj, scale) as tf.Scalar,
    };
  });
}
