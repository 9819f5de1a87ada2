/**
 * MMYOLO's BatchDynamicSoftLabelAssigner in tfjs-core ops, on the device: no tensor is read
 * back, so it runs every step on any backend (webgpu included). Call it where no gradient is
 * taken (inside noGrad): it uses TopK, ScatterNd indices and argmin.
 *
 * Per image b, prior n, GT m (GTs zero-padded to M per image, `flag` marking the real ones):
 * a prior is valid if its centre lies strictly inside some real GT; cost = BCE(logit of the GT's
 * class, IoU) * |IoU - sigmoid(logit)|^2 + -log(IoU + 1e-7) * iou_weight +
 * 10^(distance / stride - soft_center_radius) (distance 0 for invalid priors), INF for invalid
 * priors; each real GT takes its k = max(floor(sum of its top-`topk` IoUs), 1) cheapest priors;
 * a prior taken by several GTs keeps the cheapest (argmin over every column, padding included,
 * as MMYOLO). Equal costs are taken in prior order (torch.sort breaks such ties its own way).
 */
import * as tf from '@tensorflow/tfjs-core';
import { bceLogitsTorch, hasKernel, RTMDET_KERNELS } from './rtmdet-ops.js';

const INF = 100000000;

/** tf.oneHot as float32 for any depth (tfjs refuses a depth of 1); int32 then cast, because
 * tfjs-backend-wasm 4.22 writes integer bits into a float32 oneHot. */
function oneHot(idx: tf.Tensor, depth: number): tf.Tensor {
  return tf.tidy(() => {
    const flat = tf.reshape(idx, [-1]);
    const h = depth >= 2 ? tf.cast(tf.oneHot(flat, depth), 'float32') : tf.expandDims(tf.cast(tf.equal(flat, 0), 'float32'), -1);
    return tf.reshape(h, [...idx.shape, depth]);
  });
}
const EPS = 1e-7;

/** Prior points of the flattened levels (MlvlPointGenerator with_stride), float32 [N, 4]. */
export interface Priors {
  count: number;
  /** (x, y, stride_w, stride_h) per prior. */
  data: Float32Array;
}

/** mmdet MlvlPointGenerator.grid_priors(with_stride=True) for feature sizes [h, w] per level. */
export function gridPriors(sizes: readonly (readonly [number, number])[], strides: readonly number[], offset: number): Priors {
  const f = Math.fround;
  const count = sizes.reduce((s, [h, w]) => s + h * w, 0);
  const data = new Float32Array(count * 4);
  let i = 0;
  sizes.forEach(([h, w], l) => {
    const s = strides[l]!;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++, i++) data.set([f(f(x + offset) * s), f(f(y + offset) * s), s, s], i * 4);
    }
  });
  return { count, data };
}

/** GT rows padded per image, as mmyolo gt_instances_preprocess builds them. */
export interface PaddedGt {
  batch: number;
  /** GTs per image after padding (the largest count in the batch). */
  maxGt: number;
  /** [B, M, 4] x1, y1, x2, y2 (zeros for padding). */
  boxes: Float32Array;
  /** [B, M] class indices (0 for padding). */
  labels: Int32Array;
  /** [B, M] 1 for a real GT: the box's coordinate sum > 0 (MMYOLO's pad_bbox_flag). */
  flag: Float32Array;
}

/** [img, label, x1, y1, x2, y2] rows -> PaddedGt (rows of an image keep their order). */
export function padGt(gt: Float32Array, batch: number): PaddedGt {
  const n = Math.floor(gt.length / 6);
  const counts = new Array<number>(batch).fill(0);
  for (let i = 0; i < n; i++) counts[gt[i * 6]!]! += 1;
  const maxGt = n ? Math.max(...counts) : 0;
  const boxes = new Float32Array(batch * maxGt * 4);
  const labels = new Int32Array(batch * maxGt);
  const flag = new Float32Array(batch * maxGt);
  const filled = new Array<number>(batch).fill(0);
  for (let i = 0; i < n; i++) {
    const b = gt[i * 6]!;
    const j = b * maxGt + filled[b]!++;
    labels[j] = gt[i * 6 + 1]!;
    boxes.set(gt.subarray(i * 6 + 2, i * 6 + 6), j * 4);
  }
  const f = Math.fround;
  for (let j = 0; j < batch * maxGt; j++) {
    flag[j] = f(f(f(boxes[j * 4]! + boxes[j * 4 + 1]!) + boxes[j * 4 + 2]!) + boxes[j * 4 + 3]!) > 0 ? 1 : 0;
  }
  return { batch, maxGt, boxes, labels, flag };
}

/** Settings of the assigner. */
export interface DslSettings {
  numClasses: number;
  topk: number;
  softCenterRadius: number;
  iouWeight: number;
}

/** What the assigner gives the loss (and the tests). */
export interface DslAssignment {
  /** [B, N, C]: the matched IoU at a positive's class, 0 elsewhere (the QFL target). */
  target: tf.Tensor3D;
  /** [B, N, 4]: the matched GT box of a positive, zeros elsewhere. */
  boxes: tf.Tensor3D;
  /** [B, N]: the matched IoU of a positive, 0 elsewhere (assign_metrics). */
  metrics: tf.Tensor2D;
  /** [B, N] int32: the GT (column of the padded GTs) a positive matched, -1 for background. */
  gtIndex: tf.Tensor2D;
}

/** Cost and IoU matrices [B, N, M] (kept separate so their temporaries are freed early). */
function costAndIou(decoded: tf.Tensor3D, scores: tf.Tensor3D, priors: Priors, gt: PaddedGt, s: DslSettings): { cost: tf.Tensor3D; ious: tf.Tensor3D } {
  return tf.tidy(() => {
    const { batch: B, maxGt: M } = gt;
    const N = priors.count;
    const pr = tf.tensor2d(priors.data, [N, 4]);
    const [px, py, stride] = tf.split(pr, [1, 1, 2], 1).map((t, i) => tf.reshape(i === 2 ? tf.slice(t, [0, 0], [N, 1]) : t, [1, N, 1]));
    const g = tf.tensor3d(gt.boxes, [B, M, 4]);
    const [gx1, gy1, gx2, gy2] = tf.split(g, 4, 2).map((t) => tf.reshape(t, [B, 1, M]));
    const flag = tf.tensor3d(gt.flag, [B, 1, M]);
    const valid = tf.tidy(() => {
      const dmin = tf.minimum(tf.minimum(tf.minimum(tf.sub(px!, gx1!), tf.sub(py!, gy1!)), tf.sub(gx2!, px!)), tf.sub(gy2!, py!));
      const inside = tf.mul(tf.cast(tf.greater(dmin, 0), 'float32'), flag);
      return tf.cast(tf.greater(tf.sum(inside, 2, true), 0), 'float32'); // [B, N, 1]
    });
    const soft = tf.tidy(() => {
      const cx = tf.div(tf.add(gx1!, gx2!), 2);
      const cy = tf.div(tf.add(gy1!, gy2!), 2);
      const dist = tf.div(tf.sqrt(tf.add(tf.square(tf.sub(px!, cx)), tf.square(tf.sub(py!, cy)))), stride!);
      return tf.pow(tf.scalar(10), tf.sub(tf.mul(dist, valid), s.softCenterRadius));
    });
    const ious = tf.tidy(() => {
      const [bx1, by1, bx2, by2] = tf.split(decoded, 4, 2);
      const area1 = tf.mul(tf.sub(bx2!, bx1!), tf.sub(by2!, by1!));
      const area2 = tf.mul(tf.sub(gx2!, gx1!), tf.sub(gy2!, gy1!));
      const w = tf.clipByValue(tf.sub(tf.minimum(bx2!, gx2!), tf.maximum(bx1!, gx1!)), 0, Infinity);
      const h = tf.clipByValue(tf.sub(tf.minimum(by2!, gy2!), tf.maximum(by1!, gy1!)), 0, Infinity);
      const overlap = tf.mul(w, h);
      return tf.div(overlap, tf.maximum(tf.sub(tf.add(area1, area2), overlap), 1e-6)) as tf.Tensor3D;
    });
    const cost = tf.tidy(() => {
      const iouCost = tf.mul(tf.neg(tf.log(tf.add(ious, EPS))), s.iouWeight);
      const pair = tf.gather(scores, tf.tensor2d(gt.labels, [B, M], 'int32'), 2, 1); // [B, N, M]
      const clsCost = tf.mul(bceLogitsTorch(pair, ious), tf.square(tf.abs(tf.sub(ious, tf.sigmoid(pair)))));
      const c = tf.add(tf.add(clsCost, iouCost), soft);
      return tf.where(tf.cast(tf.broadcastTo(valid, [B, N, M]), 'bool'), c, tf.fill([B, N, M], INF)) as tf.Tensor3D;
    });
    return { cost, ious };
  });
}

/** The assignment of one batch; see the module doc. GT labels must lie in 0..numClasses-1. */
export function dslAssign(decoded: tf.Tensor3D, scores: tf.Tensor3D, priors: Priors, gt: PaddedGt, s: DslSettings): DslAssignment {
  const { batch: B, maxGt: M } = gt;
  const N = priors.count;
  const C = s.numClasses;
  if (M === 0 || N === 0) {
    return { target: tf.zeros([B, N, C]), boxes: tf.zeros([B, N, 4]), metrics: tf.zeros([B, N]), gtIndex: tf.fill([B, N], -1, 'int32') };
  }
  if (hasKernel(RTMDET_KERNELS.dslAssign)) {
    return tf.tidy(() => {
      const inputs = {
        decoded, scores, priors: tf.tensor2d(priors.data, [N, 4]), gtBoxes: tf.tensor3d(gt.boxes, [B, M, 4]),
        gtLabels: tf.tensor2d(gt.labels, [B, M], 'int32'), gtFlag: tf.tensor2d(gt.flag, [B, M]),
      };
      const attrs = { topk: s.topk, softCenterRadius: s.softCenterRadius, iouWeight: s.iouWeight };
      const [gtIndex, metrics, target, boxes] = tf.engine().runKernel(RTMDET_KERNELS.dslAssign, inputs, attrs) as tf.Tensor[];
      return { gtIndex: gtIndex as tf.Tensor2D, metrics: metrics as tf.Tensor2D, target: target as tf.Tensor3D, boxes: boxes as tf.Tensor3D };
    });
  }
  return tf.tidy(() => {
    const { cost, ious } = costAndIou(decoded, scores, priors, gt, s);
    const k = Math.min(s.topk, N);
    const matching = tf.tidy(() => {
      // dynamic k per GT: max(int(sum of its k best IoUs over all priors), 1)
      const top = tf.topk(tf.transpose(ious, [0, 2, 1]), k).values; // [B, M, k]
      const dk = tf.maximum(tf.floor(tf.sum(top, 2, true)), 1); // [B, M, 1]
      const sel = tf.topk(tf.neg(tf.transpose(cost, [0, 2, 1])), k).indices; // [B, M, k] cheapest first
      const rank = tf.reshape(tf.range(0, k, 1, 'float32'), [1, 1, k]);
      const take = tf.mul(tf.cast(tf.less(rank, dk), 'float32'), tf.reshape(tf.tensor2d(gt.flag, [B, M]), [B, M, 1]));
      const bBase = tf.reshape(tf.range(0, B * N, N, 'int32'), [B, 1, 1]);
      const mBase = tf.reshape(tf.range(0, M, 1, 'int32'), [1, M, 1]);
      const flat = tf.add(tf.mul(tf.add(bBase, sel), tf.scalar(M, 'int32')), mBase); // ((b * N + n) * M + m)
      const m = tf.scatterND(tf.reshape(flat, [-1, 1]), tf.reshape(take, [-1]), [B * N * M]);
      return tf.reshape(m, [B, N, M]) as tf.Tensor3D;
    });
    const matched = tf.tidy(() => {
      const multi = tf.greater(tf.sum(matching, 2, true), 1); // [B, N, 1]
      const cheapest = oneHot(tf.argMin(cost, 2), M); // first minimum, as torch.min
      return tf.where(tf.broadcastTo(multi, [B, N, M]), cheapest, matching) as tf.Tensor3D;
    });
    const fg = tf.greater(tf.sum(matched, 2), 0);
    const gtIndex = tf.where(fg, tf.argMax(matched, 2), tf.scalar(-1, 'int32')) as tf.Tensor2D;
    const weighted = tf.mul(matched, ious);
    const metrics = tf.sum(weighted, 2) as tf.Tensor2D;
    const onehot = oneHot(tf.tensor2d(gt.labels, [B, M], 'int32'), C); // [B, M, C]
    const target = tf.matMul(weighted, onehot) as tf.Tensor3D;
    const boxes = tf.matMul(matched, tf.tensor3d(gt.boxes, [B, M, 4])) as tf.Tensor3D;
    return { target, boxes, metrics, gtIndex };
  });
}
