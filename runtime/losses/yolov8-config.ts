/**
 * The YOLOv8 loss settings, read from a `bbox_head` config dict and the model's `train_cfg`
 * (plain JSON, as MMEngine's Config.to_dict() dumps them), with YOLOv8Head's and
 * BatchTaskAlignedAssigner's defaults. Pure (no tfjs): `check` can list the same refusals.
 */
import { YolocError } from '../errors.js';
import type { TalConfig } from './tal.js';

/** Everything yolov8Loss and its assigner need. */
export interface Yolov8LossConfig {
  numClasses: number;
  strides: number[];
  regMax: number;
  loss: { cls: number; bbox: number; dfl: number };
  /** IoULoss eps (CIoU). */
  iouEps: number;
  assigner: TalConfig;
  worldSize: number;
}

type Dict = { [k: string]: unknown };
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);
const bare = (t: unknown) => (typeof t === 'string' && t.includes('.') ? t.slice(t.lastIndexOf('.') + 1) : t);

function num(v: unknown, what: string, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new YolocError('YC7201', `${what} must be a number, got ${JSON.stringify(v) ?? String(v)}`);
}

/** What the runtime computes for each loss slot: its type and the keys' only values (MMYOLO's YOLOv8 ones). */
const PARTS: Record<string, { type: string; fixed: Record<string, unknown>; reads: string[] }> = {
  loss_cls: { type: 'CrossEntropyLoss', fixed: { use_sigmoid: true, reduction: 'none', use_mask: false, class_weight: null, ignore_index: null, avg_non_ignore: false }, reads: ['loss_weight'] },
  loss_bbox: { type: 'IoULoss', fixed: { iou_mode: 'ciou', bbox_format: 'xyxy', reduction: 'sum', return_iou: false }, reads: ['loss_weight', 'eps'] },
  loss_dfl: { type: 'DistributionFocalLoss', fixed: { reduction: 'mean' }, reads: ['loss_weight'] },
  bbox_coder: { type: 'DistancePointBBoxCoder', fixed: {}, reads: [] },
  prior_generator: { type: 'MlvlPointGenerator', fixed: { offset: 0.5 }, reads: ['strides'] },
};
const ASSIGNER_KEYS = ['type', 'num_classes', 'topk', 'alpha', 'beta', 'eps', 'use_ciou'];

/** Each loss-part setting of a YOLOv8Head dict (and train_cfg.assigner) the runtime would not compute as written. */
export function unhonouredYolov8Parts(head: Dict, trainCfg?: unknown): { key: string; message: string; fix: string }[] {
  const out: { key: string; message: string; fix: string }[] = [];
  for (const [slot, spec] of Object.entries(PARTS)) {
    const d = head[slot];
    if (!isDict(d)) continue;
    if (d.type !== undefined && bare(d.type) !== spec.type) {
      out.push({ key: `${slot}/type`, message: `${slot} type '${String(d.type)}' is not implemented by the yoloc runtime (YOLOv8 trains with ${spec.type})`, fix: `use type='${spec.type}'` });
      continue;
    }
    for (const [k, v] of Object.entries(d)) {
      if (k === 'type' || k === '_scope_' || spec.reads.includes(k)) continue;
      if (k in spec.fixed) {
        if (JSON.stringify(v) !== JSON.stringify(spec.fixed[k]) && !(v === null && spec.fixed[k] === null)) {
          out.push({ key: `${slot}/${k}`, message: `${slot}.${k}=${JSON.stringify(v)} is not implemented (only ${JSON.stringify(spec.fixed[k])})`, fix: `remove ${k} or set it to ${JSON.stringify(spec.fixed[k])}` });
        }
        continue;
      }
      out.push({ key: `${slot}/${k}`, message: `${slot}.${k} is not read by the yoloc runtime`, fix: `remove ${k}` });
    }
  }
  const asg = isDict(trainCfg) && isDict(trainCfg.assigner) ? trainCfg.assigner : null;
  if (asg) {
    if (asg.type !== undefined && bare(asg.type) !== 'BatchTaskAlignedAssigner') {
      out.push({ key: 'train_cfg/assigner/type', message: `assigner type '${String(asg.type)}' is not implemented for YOLOv8Head`, fix: "use type='BatchTaskAlignedAssigner'" });
    }
    for (const k of Object.keys(asg)) {
      if (!ASSIGNER_KEYS.includes(k) && k !== '_scope_') out.push({ key: `train_cfg/assigner/${k}`, message: `assigner.${k} is not read by the yoloc runtime`, fix: `remove ${k}` });
    }
  }
  return out;
}

/** Reads a YOLOv8Head config dict (`model.bbox_head`) and `model.train_cfg`; MMYOLO's defaults where keys are missing. */
export function yolov8LossConfig(head: unknown, trainCfg?: unknown): Yolov8LossConfig {
  if (!isDict(head)) throw new YolocError('YC7201', 'bbox_head must be a dict');
  const refused = unhonouredYolov8Parts(head, trainCfg);
  if (refused.length) throw new YolocError('YC7201', `bbox_head.${refused.map((u) => u.message).join('; ')}`, undefined, refused.map((u) => u.fix).join('; '));
  const module = isDict(head.head_module) ? head.head_module : {};
  const strides = Array.isArray(module.featmap_strides) ? module.featmap_strides.map((s, i) => num(s, `bbox_head.head_module.featmap_strides[${i}]`, 0)) : [8, 16, 32];
  const prior = isDict(head.prior_generator) ? head.prior_generator : {};
  if (Array.isArray(prior.strides)) {
    const ps = prior.strides.map((s) => (Array.isArray(s) ? s : [s, s]));
    if (ps.length !== strides.length || ps.some(([a, b], i) => a !== strides[i] || b !== strides[i])) {
      throw new YolocError('YC7201', `bbox_head.prior_generator.strides ${JSON.stringify(prior.strides)} differ from head_module.featmap_strides ${JSON.stringify(strides)}`, undefined, 'give both the same strides');
    }
  }
  const w = (slot: string, fallback: number) => (isDict(head[slot]) ? num((head[slot] as Dict).loss_weight, `bbox_head.${slot}.loss_weight`, fallback) : fallback);
  const numClasses = num(module.num_classes, 'bbox_head.head_module.num_classes', 80);
  const regMax = num(module.reg_max, 'bbox_head.head_module.reg_max', 16);
  if (!Number.isInteger(regMax) || regMax < 2) throw new YolocError('YC7201', `bbox_head.head_module.reg_max must be an integer >= 2 for training (DFL), got ${regMax}`);
  const asg = isDict(trainCfg) && isDict(trainCfg.assigner) ? trainCfg.assigner : {};
  const topk = num(asg.topk, 'train_cfg.assigner.topk', 13);
  if (!Number.isInteger(topk) || topk < 1) throw new YolocError('YC7201', `train_cfg.assigner.topk must be a positive integer, got ${topk}`);
  return {
    numClasses,
    strides,
    regMax,
    loss: { cls: w('loss_cls', 0.5), bbox: w('loss_bbox', 7.5), dfl: w('loss_dfl', 1.5 / 4) },
    iouEps: isDict(head.loss_bbox) ? num(head.loss_bbox.eps, 'bbox_head.loss_bbox.eps', 1e-7) : 1e-7,
    assigner: {
      numClasses: num(asg.num_classes, 'train_cfg.assigner.num_classes', numClasses),
      topk,
      alpha: num(asg.alpha, 'train_cfg.assigner.alpha', 1.0),
      beta: num(asg.beta, 'train_cfg.assigner.beta', 6.0),
      eps: num(asg.eps, 'train_cfg.assigner.eps', 1e-7),
      useCiou: asg.use_ciou === undefined || asg.use_ciou === null ? false : Boolean(asg.use_ciou),
    },
    worldSize: 1,
  };
}
