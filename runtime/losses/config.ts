/**
 * The YOLOv5 loss settings, read from a `bbox_head` config dict (plain JSON, as MMEngine's
 * Config.to_dict() dumps it). The loss weights are taken as the config gives them: the
 * bundled configs already scale them by class count, level count and image scale.
 */
import { unhonouredHeadParts } from '../modules/honoured.js';
import { parseClassWeight, YOLOV5_DEFAULT_ANCHORS, YOLOV5_HEAD_DEFAULTS } from '../modules/yolov5_head/contract.js';
import { YolocError } from '../errors.js';

/** MMYOLO's default YOLOv5 anchors (prior_generator.base_sizes), in input pixels: the YOLOv5Head contract's. */
export const DEFAULT_ANCHORS = YOLOV5_DEFAULT_ANCHORS as [number, number][][];

/** Everything the YOLOv5 loss needs from the head config. */
export interface Yolov5LossConfig {
  numClasses: number;
  /** Per level, per prior: [w, h] in input pixels. */
  anchors: [number, number][][];
  strides: number[];
  priorMatchThr: number;
  nearNeighborThr: number;
  objLevelWeights: number[];
  loss: { cls: number; bbox: number; obj: number };
  /** CrossEntropyLoss class_weight (BCE pos_weight): per class for loss_cls (one value broadcasts),
   * one value for loss_obj; null where the config leaves it at None. */
  posWeight?: { cls: number[] | null; obj: number | null };
  ciouEps: number;
  worldSize: number;
}

type Dict = { [k: string]: unknown };

function isDict(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown, what: string, fallback?: number): number {
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  throw new YolocError('YC7201', `bbox_head.${what} must be a number, got ${JSON.stringify(v) ?? String(v)}`);
}

function numList(v: unknown, what: string): number[] {
  if (!Array.isArray(v)) throw new YolocError('YC7201', `bbox_head.${what} must be a list of numbers`);
  return v.map((x, i) => num(x, `${what}[${i}]`));
}

/** Reads a YOLOv5Head config dict (`model.bbox_head`); missing optional keys take MMYOLO's defaults. */
export function yolov5LossConfig(head: unknown): Yolov5LossConfig {
  if (!isDict(head)) throw new YolocError('YC7201', 'bbox_head must be a dict');
  const type = typeof head.type === 'string' ? head.type.slice(head.type.lastIndexOf('.') + 1) : undefined;
  if (type !== undefined && type !== 'YOLOv5Head') {
    throw new YolocError('YC7201', `bbox_head type '${type}' has no training implementation in this version (check, compile, test, infer and export run it)`,
      undefined, 'train a YOLOv5Head model');
  }
  // A loss setting the runtime would not compute as written is refused (the same list check reads).
  const refused = unhonouredHeadParts(head);
  if (refused.length) throw new YolocError('YC7201', `bbox_head.${refused.map((u) => u.message).join('; ')}`, undefined, refused.map((u) => u.fix).join('; '));
  const module = isDict(head.head_module) ? head.head_module : {};
  const prior = isDict(head.prior_generator) ? head.prior_generator : {};
  const weight = (key: string, fallback: number) => {
    const d = head[key];
    return isDict(d) ? num(d.loss_weight, `${key}.loss_weight`, fallback) : fallback;
  };
  // YOLOv5Head takes featmap_strides from its head_module (the anchor generator's are pairs)
  const strides = module.featmap_strides !== undefined ? numList(module.featmap_strides, 'head_module.featmap_strides')
    : prior.strides !== undefined ? numList(prior.strides, 'prior_generator.strides') : [8, 16, 32];
  let anchors = DEFAULT_ANCHORS;
  if (prior.base_sizes !== undefined) {
    if (!Array.isArray(prior.base_sizes)) throw new YolocError('YC7201', 'bbox_head.prior_generator.base_sizes must be a list');
    anchors = prior.base_sizes.map((lvl, l) => {
      if (!Array.isArray(lvl)) throw new YolocError('YC7201', `bbox_head.prior_generator.base_sizes[${l}] must be a list`);
      return lvl.map((wh, a) => {
        const p = numList(wh, `prior_generator.base_sizes[${l}][${a}]`);
        if (p.length !== 2) throw new YolocError('YC7201', `bbox_head.prior_generator.base_sizes[${l}][${a}] must be (w, h)`);
        return [p[0]!, p[1]!] as [number, number];
      });
    });
  }
  if (anchors.length !== strides.length) {
    throw new YolocError('YC7201', `bbox_head has ${anchors.length} anchor levels but ${strides.length} strides`);
  }
  const bbox = head.loss_bbox;
  const numClasses = num(module.num_classes, 'head_module.num_classes', 80);
  // class_weight: None, a number, or a list (per class for loss_cls; one value for loss_obj,
  // whose logits have no class axis), as PyTorch broadcasts pos_weight.
  const classWeight = (key: 'loss_cls' | 'loss_obj', n: number): number[] | null => {
    const d = head[key];
    const r = parseClassWeight(isDict(d) ? d.class_weight : undefined, n);
    if ('error' in r) throw new YolocError('YC7201', `bbox_head.${key}.class_weight ${r.error}`);
    return r.values;
  };
  const objWeight = classWeight('loss_obj', 1);
  return {
    numClasses,
    anchors,
    strides,
    priorMatchThr: num(head.prior_match_thr, 'prior_match_thr', YOLOV5_HEAD_DEFAULTS.prior_match_thr),
    nearNeighborThr: num(head.near_neighbor_thr, 'near_neighbor_thr', YOLOV5_HEAD_DEFAULTS.near_neighbor_thr),
    objLevelWeights: head.obj_level_weights !== undefined ? numList(head.obj_level_weights, 'obj_level_weights') : [...YOLOV5_HEAD_DEFAULTS.obj_level_weights],
    loss: { cls: weight('loss_cls', 0.5), bbox: weight('loss_bbox', 0.05), obj: weight('loss_obj', 1.0) },
    posWeight: { cls: classWeight('loss_cls', numClasses), obj: objWeight ? objWeight[0]! : null },
    ciouEps: isDict(bbox) ? num(bbox.eps, 'loss_bbox.eps', 1e-7) : 1e-7,
    worldSize: 1,
  };
}
