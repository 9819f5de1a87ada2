/**
 * The RTMDet loss settings (MMYOLO RTMDetHead + BatchDynamicSoftLabelAssigner), read from a
 * `bbox_head` dict and the model's `train_cfg` (plain JSON, as MMEngine's Config.to_dict()
 * dumps them). A part left out takes RTMDetHead's default dict; a part given replaces it whole,
 * so its keys take the class defaults (MlvlPointGenerator's offset is then 0.5, GIoULoss's
 * loss_weight 1.0), as MMEngine builds it. Anything the runtime would not compute as written is
 * a YC7201 naming the key. Pure: no tfjs.
 */
import { YolocError } from '../errors.js';

/** Everything the RTMDet loss and its assigner read. */
export interface RtmdetLossConfig {
  numClasses: number;
  strides: number[];
  /** MlvlPointGenerator's offset: priors at (i + offset) * stride. */
  priorOffset: number;
  assigner: { topk: number; softCenterRadius: number; iouWeight: number };
  qfl: { beta: number; weight: number };
  giou: { weight: number; eps: number };
}

type Dict = { [k: string]: unknown };

const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

function num(v: unknown, what: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new YolocError('YC7201', `${what} must be a number, got ${JSON.stringify(v) ?? String(v)}`);
}

const bare = (t: unknown) => (typeof t === 'string' ? t.slice(t.lastIndexOf('.') + 1) : undefined);

/** Keys each part may carry: read (or inert), and those only at one value. */
const PARTS: Record<string, { type: string; keys: string[]; only: Record<string, unknown> }> = {
  prior_generator: { type: 'MlvlPointGenerator', keys: ['type', '_scope_', 'strides', 'offset'], only: {} },
  bbox_coder: { type: 'DistancePointBBoxCoder', keys: ['type', '_scope_'], only: { clip_border: true } },
  loss_cls: { type: 'QualityFocalLoss', keys: ['type', '_scope_', 'beta', 'loss_weight'], only: { use_sigmoid: true, reduction: 'mean', activated: false } },
  loss_bbox: { type: 'GIoULoss', keys: ['type', '_scope_', 'eps', 'loss_weight'], only: { reduction: 'mean' } },
  assigner: { type: 'BatchDynamicSoftLabelAssigner', keys: ['type', '_scope_', 'num_classes', 'soft_center_radius', 'topk', 'iou_weight', 'iou_calculator', 'batch_iou'], only: {} },
  iou_calculator: { type: 'BboxOverlaps2D', keys: ['type', '_scope_'], only: { scale: 1.0, dtype: null } },
};

/** The RTMDet head's loss part types, for `check` and the docs (bbox_head key -> registry name). */
export const RTMDET_HEAD_PART_TYPES: Readonly<Record<string, string>> = {
  prior_generator: 'mmdet.MlvlPointGenerator', bbox_coder: 'mmyolo.DistancePointBBoxCoder',
  loss_cls: 'mmdet.QualityFocalLoss', loss_bbox: 'mmdet.GIoULoss',
};

/** A setting the runtime would not compute as written: key relative to the model dict, message, fix. */
export interface RtmdetProblem {
  key: string;
  message: string;
  fix: string;
}

function partProblems(d: unknown, slot: string, where: string, out: RtmdetProblem[]): void {
  if (d === undefined || d === null) return;
  const key = where.replace(/\./g, '/');
  if (!isDict(d)) {
    out.push({ key, message: `${where} must be a dict`, fix: `write ${where} as dict(type=...)` });
    return;
  }
  const spec = PARTS[slot]!;
  if (bare(d.type) !== spec.type) {
    out.push({ key: `${key}/type`, message: `${where}.type '${String(d.type)}' is not implemented by the yoloc runtime (it computes ${spec.type})`, fix: `use type='${RTMDET_HEAD_PART_TYPES[slot] ?? spec.type}'` });
    return;
  }
  for (const [k, v] of Object.entries(d)) {
    if (spec.keys.includes(k)) continue;
    if (k in spec.only) {
      if (JSON.stringify(v) === JSON.stringify(spec.only[k])) continue;
      out.push({ key: `${key}/${k}`, message: `${where}.${k}=${JSON.stringify(v)} is not implemented by the yoloc runtime (only ${JSON.stringify(spec.only[k])})`, fix: `remove ${k}` });
      continue;
    }
    out.push({ key: `${key}/${k}`, message: `${where}.${k} is not honoured by the yoloc runtime`, fix: `remove ${k}; it reads: ${spec.keys.filter((x) => x !== 'type' && x !== '_scope_').join(', ')}` });
  }
}

/**
 * Each loss-part setting of an RTMDetHead dict and of the detector's train_cfg.assigner that the
 * runtime would not compute as written (pure: `check` lists them, rtmdetLossConfig refuses them).
 * Keys are relative to the model dict (bbox_head/loss_cls/type, train_cfg/assigner/topk).
 */
export function unhonouredRtmdetParts(head: Dict, trainCfg?: unknown): RtmdetProblem[] {
  const out: RtmdetProblem[] = [];
  for (const slot of ['prior_generator', 'bbox_coder', 'loss_cls', 'loss_bbox']) partProblems(head[slot], slot, `bbox_head.${slot}`, out);
  if (isDict(trainCfg) && trainCfg.assigner !== undefined) {
    partProblems(trainCfg.assigner, 'assigner', 'train_cfg.assigner', out);
    const a = trainCfg.assigner;
    if (isDict(a) && bare(a.type) === 'BatchDynamicSoftLabelAssigner') partProblems(a.iou_calculator, 'iou_calculator', 'train_cfg.assigner.iou_calculator', out);
  }
  return out;
}

/** Reads an RTMDetHead dict and the detector's train_cfg (for the assigner). */
export function rtmdetLossConfig(head: unknown, trainCfg?: unknown): RtmdetLossConfig {
  if (!isDict(head)) throw new YolocError('YC7201', 'bbox_head must be a dict');
  const module = isDict(head.head_module) ? head.head_module : {};
  if (typeof module.num_classes !== 'number' || !Number.isInteger(module.num_classes) || module.num_classes < 1) {
    throw new YolocError('YC7201', 'bbox_head.head_module.num_classes must be a positive integer');
  }
  const numClasses = module.num_classes;
  const refused = unhonouredRtmdetParts(head, trainCfg);
  if (refused.length) throw new YolocError('YC7201', `model.${refused.map((u) => u.message).join('; ')}`, undefined, refused.map((u) => u.fix).join('; '));
  const prior = isDict(head.prior_generator) ? head.prior_generator : undefined;
  const cls = isDict(head.loss_cls) ? head.loss_cls : undefined;
  const box = isDict(head.loss_bbox) ? head.loss_bbox : undefined;
  const strideList = (v: unknown, what: string) => {
    if (!Array.isArray(v)) throw new YolocError('YC7201', `${what} must be a list`);
    return v.map((s, i) => {
      const x = Array.isArray(s) ? s : [s, s];
      if (x.length !== 2 || x[0] !== x[1] || typeof x[0] !== 'number' || !(x[0] > 0)) {
        throw new YolocError('YC7201', `${what}[${i}] must be a positive stride (square strides only)`);
      }
      return x[0] as number;
    });
  };
  const strides = prior?.strides !== undefined ? strideList(prior.strides, 'bbox_head.prior_generator.strides')
    : module.featmap_strides !== undefined ? strideList(module.featmap_strides, 'bbox_head.head_module.featmap_strides') : [8, 16, 32];
  if (module.featmap_strides !== undefined && strideList(module.featmap_strides, 'bbox_head.head_module.featmap_strides').length !== strides.length) {
    throw new YolocError('YC7201', `bbox_head: head_module.featmap_strides and prior_generator.strides have different lengths`);
  }
  if (trainCfg !== undefined && trainCfg !== null && !isDict(trainCfg)) throw new YolocError('YC7201', 'model.train_cfg must be a dict');
  const assigner: Dict = isDict(trainCfg) && isDict(trainCfg.assigner) ? trainCfg.assigner : {};
  if (assigner.num_classes !== undefined && assigner.num_classes !== numClasses) {
    throw new YolocError('YC7201', `model.train_cfg.assigner.num_classes (${String(assigner.num_classes)}) differs from bbox_head.head_module.num_classes (${numClasses})`, undefined, 'set both to the number of classes');
  }
  const topk = num(assigner.topk, 'model.train_cfg.assigner.topk', 13);
  if (!Number.isInteger(topk) || topk < 1) throw new YolocError('YC7201', 'model.train_cfg.assigner.topk must be a positive integer');
  return {
    numClasses,
    strides,
    // RTMDetHead's own default generator has offset 0; a config's dict falls to MlvlPointGenerator's 0.5
    priorOffset: prior ? num(prior.offset, 'bbox_head.prior_generator.offset', 0.5) : 0,
    assigner: {
      topk,
      softCenterRadius: num(assigner.soft_center_radius, 'model.train_cfg.assigner.soft_center_radius', 3.0),
      iouWeight: num(assigner.iou_weight, 'model.train_cfg.assigner.iou_weight', 3.0),
    },
    qfl: cls ? { beta: num(cls.beta, 'bbox_head.loss_cls.beta', 2.0), weight: num(cls.loss_weight, 'bbox_head.loss_cls.loss_weight', 1.0) } : { beta: 2.0, weight: 1.0 },
    giou: box ? { weight: num(box.loss_weight, 'bbox_head.loss_bbox.loss_weight', 1.0), eps: num(box.eps, 'bbox_head.loss_bbox.eps', 1e-6) } : { weight: 2.0, eps: 1e-6 },
  };
}
