/**
 * The one list of which config keys of which model types the runtime honours (pure, no tfjs).
 * `check` refuses any other key at its line (compiler/validate/runtime-keys.ts), `compile`
 * runs that check before emitting, and the runtime's builders (runtime/model/build.ts) read
 * their args through it, so a key is either used by all three or refused by all three.
 */
import { STARNET_PRESETS } from './starnet.spec.js';

/** The loss and prior types the YOLOv5 head's training reads, by bbox_head key, with their registry scope. */
export const HEAD_PART_TYPES: Readonly<Record<string, string>> = {
  prior_generator: 'mmdet.YOLOAnchorGenerator', bbox_coder: 'mmyolo.YOLOv5BBoxCoder', loss_cls: 'mmdet.CrossEntropyLoss',
  loss_obj: 'mmdet.CrossEntropyLoss', loss_bbox: 'mmyolo.IoULoss',
};

/** Model types the runtime builds, by slot (scope prefixes like `mmdet.` are ignored). */
export const RUNTIME_TYPES = {
  detector: ['YOLODetector'],
  backbone: ['StarNet', ...Object.keys(STARNET_PRESETS).map((a) => `starnet_${a}`), 'YOLOv5CSPDarknet'],
  neck: ['YOLOv5PAFPN'],
  head: ['YOLOv5Head'],
  headModule: ['YOLOv5HeadModule'],
} as const;

/** A config value as JSON. */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The keys of one type. */
export interface HonouredKeys {
  /** Keys the runtime builder reads and implements. */
  reads: readonly string[];
  /** Keys with no effect on what is built or trained (initialisation, registry bookkeeping). */
  inert: readonly string[];
  /** Keys implemented only at MMYOLO's default: any other value is refused. */
  onlyDefault: Readonly<Record<string, Json>>;
  /** Keys the runtime implements at one value that is not the upstream default: it must be set so. */
  requires?: Readonly<Record<string, { value: Json; upstreamDefault: Json }>>;
  /** Why keys outside these lists are refused, for the message. */
  note?: string;
  /** Other keys have no effect upstream either (a **kwargs that swallows them): the schema warns (YC4003). */
  swallowsKwargs?: boolean;
}

const STARNET: HonouredKeys = {
  reads: ['arch', 'base_dim', 'depths', 'mlp_ratio', 'out_indices', 'drop_path_rate'],
  // num_classes sizes StarNet's ImageNet classifier, which a detector backbone does not build.
  inert: ['type', '_scope_', 'num_classes', 'init_cfg', 'pretrained'],
  onlyDefault: {},
  note: "StarNet's other keyword arguments are swallowed by its **kwargs",
};

/** Honoured keys by bare type name (scope prefixes such as `mmyolo.` removed). */
export const HONOURED: Readonly<Record<string, HonouredKeys>> = {
  YOLOv5CSPDarknet: {
    reads: ['arch', 'deepen_factor', 'widen_factor', 'input_channels', 'out_indices', 'frozen_stages', 'norm_eval', 'norm_cfg', 'act_cfg'],
    inert: ['type', '_scope_', 'init_cfg', 'pretrained'],
    onlyDefault: { plugins: null },
  },
  StarNet: STARNET,
  YOLOv5PAFPN: {
    reads: ['in_channels', 'deepen_factor', 'widen_factor', 'num_csp_blocks', 'freeze_all', 'norm_cfg', 'act_cfg'],
    // YOLOv5PAFPN's out layers are identities: out_channels changes nothing it builds.
    inert: ['type', '_scope_', 'out_channels', 'init_cfg'],
    onlyDefault: { upsample_feats_cat_first: true },
  },
  YOLOv5Head: {
    reads: ['head_module', 'prior_generator', 'bbox_coder', 'loss_cls', 'loss_bbox', 'loss_obj', 'prior_match_thr', 'near_neighbor_thr', 'obj_level_weights'],
    // The detector replaces the head's train_cfg/test_cfg with the model's (SingleStageDetector).
    inert: ['type', '_scope_', 'init_cfg', 'train_cfg', 'test_cfg'],
    onlyDefault: { ignore_iof_thr: -1.0 },
  },
  // Decoding is the YOLOv5 one (runtime/model/decode.ts); the coder has no settings.
  YOLOv5BBoxCoder: { reads: [], inert: ['type', '_scope_'], onlyDefault: {}, swallowsKwargs: true },
  YOLOAnchorGenerator: {
    reads: ['base_sizes', 'strides'],
    inert: ['type', '_scope_'],
    onlyDefault: { use_box_type: false },
  },
  // The YOLOv5 loss (runtime/losses): sigmoid BCE for classes and objectness, CIoU on xywh boxes.
  CrossEntropyLoss: {
    reads: ['loss_weight'],
    inert: ['type', '_scope_'],
    onlyDefault: { reduction: 'mean', use_mask: false, class_weight: null, ignore_index: null, avg_non_ignore: false },
    requires: { use_sigmoid: { value: true, upstreamDefault: false } },
  },
  IoULoss: {
    reads: ['loss_weight', 'eps'],
    inert: ['type', '_scope_'],
    onlyDefault: { iou_mode: 'ciou', bbox_format: 'xywh', reduction: 'mean', return_iou: true },
  },
  YOLOv5HeadModule: {
    reads: ['num_classes', 'in_channels', 'widen_factor', 'num_base_priors', 'featmap_strides'],
    inert: ['type', '_scope_', 'init_cfg'],
    onlyDefault: {},
  },
};

/** The entry of a type, StarNet presets (`starnet_s050`) sharing StarNet's. */
export function honouredKeys(type: string): HonouredKeys | undefined {
  const bare = type.includes('.') ? type.slice(type.lastIndexOf('.') + 1) : type;
  return HONOURED[bare] ?? (bare.startsWith('starnet_') ? STARNET : undefined);
}

/** A value as Python writes it in a config (None, True, [..]), for messages. */
function py(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `[${v.map(py).join(', ')}]`;
  if (typeof v === 'object') return `dict(${Object.entries(v).map(([k, x]) => `${k}=${py(x)}`).join(', ')})`;
  return String(v);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A key of a module dict that the runtime would not honour. */
export interface Unhonoured {
  key: string;
  /** One sentence: what is wrong and what the runtime does. */
  message: string;
  /** A concrete fix. */
  fix: string;
}

/** The keys of `dict` (a module of type `type`) that the runtime does not honour, in dict order. */
export function unhonouredKeys(type: string, dict: Readonly<Record<string, unknown>>): Unhonoured[] {
  const h = honouredKeys(type);
  if (!h) return [];
  const out: Unhonoured[] = [];
  for (const [key, { value, upstreamDefault }] of Object.entries(h.requires ?? {})) {
    const v = dict[key] === undefined ? upstreamDefault : dict[key];
    if (sameJson(v, value)) continue;
    out.push({
      key, message: `${type}.${key}=${py(v)}${dict[key] === undefined ? ' (its default)' : ''} is not implemented by the yoloc runtime (only ${py(value)} is)`,
      fix: `set ${key}=${py(value)}`,
    });
  }
  for (const [key, value] of Object.entries(dict)) {
    if (h.reads.includes(key) || h.inert.includes(key) || key in (h.requires ?? {})) continue;
    if (h.swallowsKwargs && !(key in h.onlyDefault)) continue;
    if (key in h.onlyDefault) {
      const d = h.onlyDefault[key]!;
      if (value === undefined || sameJson(value, d)) continue;
      out.push({
        key, message: `${type}.${key}=${py(value)} is not implemented by the yoloc runtime (only its default, ${py(d)}, is)`,
        fix: `remove ${key} (or set it to ${py(d)})`,
      });
      continue;
    }
    out.push({
      key, message: `${type}.${key} is not honoured by the yoloc runtime${h.note ? ` (${h.note})` : ''}`,
      fix: `remove ${key}; the runtime reads: ${[...h.reads].join(', ')}`,
    });
  }
  return out;
}

/**
 * What the runtime refuses in a YOLOv5Head's loss and prior dicts: a type other than the one it
 * computes, or keys it does not honour; `[key, message, fix]` per problem, keyed relative to bbox_head.
 */
export function unhonouredHeadParts(head: Readonly<Record<string, unknown>>): { key: string; message: string; fix: string }[] {
  const out: { key: string; message: string; fix: string }[] = [];
  for (const [slot, scoped] of Object.entries(HEAD_PART_TYPES)) {
    const d = head[slot];
    if (!d || typeof d !== 'object' || Array.isArray(d)) continue;
    const dict = d as Record<string, unknown>;
    const [scope, want] = scoped.split('.') as [string, string];
    const t = typeof dict.type === 'string' ? dict.type : undefined;
    const dot = t?.lastIndexOf('.') ?? -1;
    const bare = t !== undefined && dot >= 0 ? t.slice(dot + 1) : t;
    // Without a prefix the name resolves in mmyolo's registry, which falls back to mmdet's for
    // these names; with one it must be that scope (mmdet.IoULoss is another loss than mmyolo's).
    const prefix = t !== undefined && dot >= 0 ? t.slice(0, dot) : undefined;
    if (bare !== undefined && (bare !== want || (prefix !== undefined && prefix !== scope))) {
      out.push({ key: `${slot}/type`, message: `${slot} type '${t}' is not implemented by the yoloc runtime (it computes ${scoped})`, fix: `use type='${scope === 'mmyolo' ? want : scoped}'` });
      continue;
    }
    for (const u of unhonouredKeys(want, dict)) out.push({ key: `${slot}/${u.key}`, message: `${slot}: ${u.message}`, fix: u.fix });
  }
  return out;
}

/** Keys the runtime may skip without reading for a module dict (inert ones, defaults). */
export function skippableKeys(type: string, dict: Readonly<Record<string, unknown>>): string[] {
  const h = honouredKeys(type);
  if (!h) return [];
  return [...h.inert, ...Object.keys(h.onlyDefault).filter((k) => dict[k] === undefined || sameJson(dict[k], h.onlyDefault[k])),
    ...Object.keys(h.requires ?? {}).filter((k) => sameJson(dict[k], h.requires![k]!.value))];
}
