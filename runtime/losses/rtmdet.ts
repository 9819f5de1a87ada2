/**
 * MMYOLO's RTMDetHead.loss_by_feat on TensorFlow.js: the head's distances decoded against the
 * prior points (x stride, distance2bbox), the dynamic soft label assignment on the device
 * (runtime/losses/dsl-assigner.ts, no gradient), Quality Focal Loss over every prior and class
 * and GIoU loss on the positives weighted by their matched IoU, both divided by
 * avg_factor = max(sum of the matched IoUs, 1) (+ float32 eps, as mmdet's weight_reduce_loss).
 * Nothing is read back from the device: it runs inside tf.grad / the training step on any
 * backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { YolocError } from '../errors.js';
import { dslAssign, gridPriors, padGt, type Priors } from './dsl-assigner.js';
import { giouAligned, noGrad, qualityFocal } from './rtmdet-ops.js';
import type { RtmdetLossConfig } from './rtmdet-config.js';

export { rtmdetLossConfig, type RtmdetLossConfig } from './rtmdet-config.js';

/** Raw RTMDet head outputs per level: NCHW as PyTorch ([B, C, H, W], [B, 4, H, W]) or NHWC. */
export interface RtmdetHeadOutputs {
  clsScores: tf.Tensor[];
  bboxPreds: tf.Tensor[];
}

/** The two loss terms, each a scalar. */
export interface RtmdetLosses {
  loss_cls: tf.Scalar;
  loss_bbox: tf.Scalar;
}

/** Options of rtmdetLoss. */
export interface RtmdetLossOptions {
  /** Layout of the head outputs; NCHW (PyTorch's) by default. */
  layout?: 'NCHW' | 'NHWC';
}

/** float32 machine epsilon, which mmdet adds to avg_factor. */
const FLT_EPS = 2 ** -23;

const priorCache = new Map<string, Priors>();

/** The prior points for these feature sizes (cached: the same shapes come back every step). */
function priorsFor(sizes: [number, number][], cfg: RtmdetLossConfig): Priors {
  const key = `${JSON.stringify(sizes)}|${cfg.strides.join(',')}|${cfg.priorOffset}`;
  let p = priorCache.get(key);
  if (!p) {
    if (priorCache.size > 16) priorCache.clear();
    p = gridPriors(sizes, cfg.strides, cfg.priorOffset);
    priorCache.set(key, p);
  }
  return p;
}

function checkShapes(out: RtmdetHeadOutputs, cfg: RtmdetLossConfig, layout: 'NCHW' | 'NHWC'): [number, number][] {
  const L = cfg.strides.length;
  for (const [name, list] of [['clsScores', out.clsScores], ['bboxPreds', out.bboxPreds]] as [string, tf.Tensor[]][]) {
    if (list.length !== L) throw new YolocError('YC7202', `${name}: ${list.length} levels, the head config has ${L}`);
  }
  const sizes: [number, number][] = [];
  for (let l = 0; l < L; l++) {
    const ref = out.bboxPreds[l]!.shape;
    for (const [t, ch, name] of [[out.clsScores[l]!, cfg.numClasses, 'clsScores'], [out.bboxPreds[l]!, 4, 'bboxPreds']] as [tf.Tensor, number, string][]) {
      const s = t.shape;
      const c = layout === 'NCHW' ? s[1] : s[3];
      const same = layout === 'NCHW' ? s[0] === ref[0] && s[2] === ref[2] && s[3] === ref[3] : s[0] === ref[0] && s[1] === ref[1] && s[2] === ref[2];
      if (s.length !== 4 || c !== ch || !same) {
        throw new YolocError('YC7202', `${name}.${l} has shape [${s}], expected ${ch} channels (${layout}) and the batch/grid of bboxPreds.${l} [${ref}]`);
      }
    }
    sizes.push(layout === 'NCHW' ? [ref[2]!, ref[3]!] : [ref[1]!, ref[2]!]);
  }
  return sizes;
}

/** Levels flattened as loss_by_feat does: NHWC, rows (y, x) level by level -> [B, N, ch]. */
function flatten(levels: tf.Tensor[], layout: 'NCHW' | 'NHWC', ch: number): tf.Tensor3D {
  const b = levels[0]!.shape[0]!;
  return tf.concat(levels.map((t) => tf.reshape(layout === 'NCHW' ? tf.transpose(t, [0, 2, 3, 1]) : t, [b, -1, ch])), 1) as tf.Tensor3D;
}

/**
 * The RTMDet training loss of raw head outputs and GT rows `gt` = [img, label, x1, y1, x2, y2]
 * per box, in input pixels. Call it inside tf.grad / the training step; the caller owns the
 * returned scalars.
 */
export function rtmdetLoss(out: RtmdetHeadOutputs, gt: Float32Array, cfg: RtmdetLossConfig, opts: RtmdetLossOptions = {}): RtmdetLosses {
  const layout = opts.layout ?? 'NCHW';
  const sizes = checkShapes(out, cfg, layout);
  const batch = out.bboxPreds[0]!.shape[0]!;
  if (gt.length % 6 !== 0) throw new YolocError('YC7203', `gt has ${gt.length} values, not a multiple of 6 (rows of img, label, x1, y1, x2, y2)`);
  for (let i = 0; i < gt.length / 6; i++) {
    const img = gt[i * 6]!;
    const label = gt[i * 6 + 1]!;
    if (!Number.isInteger(img) || img < 0 || img >= batch) throw new YolocError('YC7203', `gt row ${i}: image index ${img} is outside the batch of ${batch}`);
    if (!Number.isInteger(label) || label < 0 || label >= cfg.numClasses) throw new YolocError('YC7203', `gt row ${i}: label ${label} is outside 0..${cfg.numClasses - 1}`);
  }
  const priors = priorsFor(sizes, cfg);
  const padded = padGt(gt, batch);
  const C = cfg.numClasses;
  const N = priors.count;
  return tf.tidy(() => {
    const cls = flatten(out.clsScores, layout, C);
    const dist = flatten(out.bboxPreds, layout, 4);
    const pr = tf.tensor2d(priors.data, [N, 4]);
    const [pxy, , strideH] = tf.split(pr, [2, 1, 1], 1);
    const scaled = tf.mul(dist, strideH!); // priors[..., -1, None]
    const [px, py] = tf.split(pxy!, 2, 1);
    const [d0, d1, d2, d3] = tf.split(scaled, 4, 2);
    const decoded = tf.concat([tf.sub(px!, d0!), tf.sub(py!, d1!), tf.add(px!, d2!), tf.add(py!, d3!)], 2) as tf.Tensor3D;
    // The assignment off the tape: the target comes out of noGrad; boxes and IoUs are made in the
    // same call (kept, so its scope does not free them) and enter the loss as constants.
    let boxTarget: tf.Tensor | null = null;
    let metric: tf.Tensor | null = null;
    const target = noGrad(() => {
      const a = dslAssign(decoded, cls, priors, padded, { numClasses: C, ...cfg.assigner });
      boxTarget = tf.keep(a.boxes);
      metric = tf.keep(a.metrics);
      a.gtIndex.dispose();
      return a.target;
    });
    const kept = [boxTarget!, metric!] as tf.Tensor[];
    const divisor = tf.add(tf.maximum(tf.sum(kept[1]!), 1), FLT_EPS);
    const qfl = tf.sum(qualityFocal(cls, target, cfg.qfl.beta));
    const lossCls = tf.mul(cfg.qfl.weight, tf.div(qfl, divisor));
    const giou = giouAligned(tf.reshape(decoded, [-1, 4]), tf.reshape(kept[0]!, [-1, 4]), cfg.giou.eps);
    const weighted = tf.sum(tf.mul(tf.sub(1, giou), tf.reshape(kept[1]!, [-1])));
    const lossBox = tf.mul(cfg.giou.weight, tf.div(weighted, divisor));
    tf.dispose(kept); // the backward keeps its own references to what it saved
    return { loss_cls: lossCls as tf.Scalar, loss_bbox: lossBox as tf.Scalar };
  });
}
