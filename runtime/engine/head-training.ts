/**
 * The per-family training contract: what the loop needs of a detector's head to train it (its
 * loss, a prediction-aware assigner if it has one, the loss names it logs), chosen by the
 * config's bbox_head type. Adding a family is one entry in HEAD_TRAINING.
 */
import * as tf from '@tensorflow/tfjs-core';
import { YolocError } from '../errors.js';
import { yolov5Loss, yolov5LossConfig, type HeadOutputs } from '../losses/yolov5.js';
import { rtmdetLoss, rtmdetLossConfig, type RtmdetHeadOutputs } from '../losses/rtmdet.js';
import { yolov8Loss, yolov8LossConfig, yolov8Prepare, type Yolov8Assignment, type Yolov8HeadOutputs } from '../losses/yolov8.js';

/** One batch as a loss sees it. */
export interface LossBatch {
  /** GT rows [img, label, x1, y1, x2, y2] in input pixels (yolov5_collate's layout). */
  gt: Float32Array;
  /** The padded batch input (H, W). */
  inputShape: [number, number];
  batchSize: number;
}

/** Raw head outputs as model.forward(x, {training: true}) returns them: NHWC, one tensor per level. */
export type RawHeadOutputs = Record<string, tf.Tensor[]>;

/** How one head type trains. */
export interface HeadTraining<P = unknown> {
  /** The logged loss terms, in order; their sum is what is differentiated. */
  readonly lossNames: readonly string[];
  /**
   * Work that reads predictions (TAL, dynamic soft-label assigners), run with the gradient tape
   * paused after the forward. Reads only asynchronously (webgpu has no synchronous read).
   */
  prepare?(out: RawHeadOutputs, batch: LossBatch): Promise<P>;
  /** The loss terms, each a scalar, scaled as MMYOLO's loss_by_feat returns them; runs on the tape. */
  loss(out: RawHeadOutputs, batch: LossBatch, prepared: P): Record<string, tf.Scalar>;
}

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);
const bare = (t: string) => (t.includes('.') ? t.slice(t.lastIndexOf('.') + 1) : t);

function yolov5Training(model: Dict): HeadTraining<undefined> {
  const cfg = yolov5LossConfig(model.bbox_head);
  return {
    lossNames: ['loss_cls', 'loss_bbox', 'loss_obj'],
    loss: (out, b) => ({ ...yolov5Loss(out as unknown as HeadOutputs, b.gt, cfg, { layout: 'NHWC', inputShape: b.inputShape }) }),
  };
}

function yolov8Training(model: Dict): HeadTraining<Yolov8Assignment> {
  const cfg = yolov8LossConfig(model.bbox_head, model.train_cfg);
  // the head also returns the decoded distances (bboxPreds) and no objectness: the loss reads neither
  const pick = (out: RawHeadOutputs): Yolov8HeadOutputs => ({ clsScores: out.clsScores!, bboxDistPreds: out.bboxDistPreds! });
  return {
    lossNames: ['loss_cls', 'loss_bbox', 'loss_dfl'],
    prepare: (out, b) => yolov8Prepare(pick(out), b.gt, cfg, { layout: 'NHWC', inputShape: b.inputShape }),
    loss: (out, b, asg) => ({ ...yolov8Loss(pick(out), asg, cfg, { layout: 'NHWC' }) }),
  };
}

function rtmdetTraining(model: Dict): HeadTraining<undefined> {
  const cfg = rtmdetLossConfig(model.bbox_head, model.train_cfg);
  // the assigner runs on the device inside the loss (no prepare, no reads)
  return {
    lossNames: ['loss_cls', 'loss_bbox'],
    loss: (out, b) => ({ ...rtmdetLoss(out as unknown as RtmdetHeadOutputs, b.gt, cfg, { layout: 'NHWC' }) }),
  };
}

/** Training contracts by bare bbox_head type; each factory reads the resolved `model` dict. */
export const HEAD_TRAINING: Readonly<Record<string, (model: Dict) => HeadTraining<never>>> = {
  YOLOv5Head: yolov5Training as (model: Dict) => HeadTraining<never>,
  YOLOv8Head: yolov8Training as (model: Dict) => HeadTraining<never>,
  RTMDetHead: rtmdetTraining as (model: Dict) => HeadTraining<never>,
};

/** The training contract of a model config's head; YC7201 when its type has none. */
export function headTrainingFor(model: unknown): HeadTraining<unknown> {
  if (!isDict(model) || !isDict(model.bbox_head)) throw new YolocError('YC7201', 'the model has no bbox_head dict');
  const type = typeof model.bbox_head.type === 'string' ? bare(model.bbox_head.type) : String(model.bbox_head.type);
  const make = HEAD_TRAINING[type];
  if (!make) {
    throw new YolocError('YC7201', `bbox_head type '${type}' has no training implementation`, undefined,
      `train one of: ${Object.keys(HEAD_TRAINING).join(', ')}`);
  }
  return make(model) as HeadTraining<unknown>;
}

/** The sum of a loss dict's terms in `names` order (what the step differentiates). */
export function totalLoss(losses: Record<string, tf.Scalar>, names: readonly string[]): tf.Scalar {
  return tf.addN(names.map((n) => losses[n]!)) as tf.Scalar;
}
