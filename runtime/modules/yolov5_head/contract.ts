/**
 * mmyolo YOLOv5HeadModule (one 1x1 conv with bias per level, num_base_priors * (5 + classes)
 * outputs) and YOLOv5Head (the module plus mmdet YOLOAnchorGenerator priors and the loss
 * settings). Levels = len(featmap_strides); in_channels are widened with make_divisible.
 */
import { conv2d, join, rowOf, type FeatureLevel, type FeatureMap, type LayerRow, type ParamSpec } from '../symbolic.js';
import {
  anchorsArg, asJson, dictArg, intArg, intListArg, intOrListArg, nested, numArg, numListArg, RANGES, SpecArgError, testCfgArg,
  unwidenAll, type ConsumerSpec, type LayerTable, type PartContract, type RawArgs, type TestCfg,
} from '../contract.js';
import { makeDivisible } from '../scaling.js';

/** Constructor args of YOLOv5HeadModule. */
export interface YOLOv5HeadModuleArgs {
  num_classes: number;
  in_channels: number | number[];
  widen_factor: number;
  num_base_priors: number;
  featmap_strides: number[];
}

const YOLOV5_BCE_HONOURED = {
  // class_weight: mmdet's binary_cross_entropy hands it to BCE-with-logits as pos_weight
  reads: ['loss_weight', 'class_weight'],
  inert: ['type', '_scope_'],
  onlyDefault: { reduction: 'mean', use_mask: false, ignore_index: null, avg_non_ignore: false },
  requires: { use_sigmoid: { value: true, upstreamDefault: false } },
};

/**
 * A CrossEntropyLoss `class_weight` as the YOLOv5 loss takes it (mmdet hands it to BCE-with-logits
 * as pos_weight): None, a number, or a list of one value or of `perClass` values (loss_cls: one per
 * class; loss_obj: 1, its logits have no class axis). The values (null for None), or what is wrong
 * (`check` says it at the key's line, the loss refuses it with YC7201).
 */
export function parseClassWeight(v: unknown, perClass: number): { values: number[] | null } | { error: string; kind: 'type' | 'length' } {
  if (v === undefined || v === null) return { values: null };
  const isNum = (x: unknown) => (typeof x === 'number' && Number.isFinite(x)) || typeof x === 'bigint';
  const list = Array.isArray(v) ? v : [v];
  if (!list.every(isNum)) return { kind: 'type', error: `must be a number or a list of numbers, got ${JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? Number(x) : x))}` };
  if (list.length !== 1 && list.length !== perClass) {
    return { kind: 'length', error: `has ${list.length} values: give one${perClass > 1 ? ` or one per class (${perClass})` : ''}` };
  }
  return { values: list.map(Number) };
}

/** MMYOLO's defaults (num_classes and in_channels are required). */
export const YOLOV5_HEAD_MODULE_DEFAULTS: YOLOv5HeadModuleArgs = {
  num_classes: 80, in_channels: [256, 512, 1024], widen_factor: 1.0, num_base_priors: 3, featmap_strides: [8, 16, 32],
};

/** MMYOLO's default anchors (YOLOv5Head.prior_generator.base_sizes), P3/8, P4/16, P5/32. */
export const YOLOV5_DEFAULT_ANCHORS: number[][][] = [
  [[10, 13], [16, 30], [33, 23]], [[30, 61], [62, 45], [59, 119]], [[116, 90], [156, 198], [373, 326]],
];

/** MMYOLO's model_test_cfg of YOLOv5 (used when a config has no test_cfg). */
export const YOLOV5_TEST_CFG: TestCfg = { multiLabel: true, nmsPre: 30000, scoreThr: 0.001, iouThreshold: 0.65, maxPerImg: 300 };

/** Args of YOLOv5Head (its loss dicts are read by runtime/losses). */
export interface YOLOv5HeadArgs {
  head_module: YOLOv5HeadModuleArgs;
  /** prior_generator.base_sizes */
  base_sizes: number[][][];
  /** prior_generator.strides */
  prior_strides: number[];
  /** The strides boxes are decoded with: prior_generator.strides if the config sets them, else featmap_strides. */
  decode_strides: number[];
  obj_level_weights: number[];
  prior_match_thr: number;
  near_neighbor_thr: number;
  /** The detector's test_cfg (SingleStageDetector hands it to the head). */
  test_cfg: TestCfg;
}

/** MMYOLO's defaults for YOLOv5Head. */
export const YOLOV5_HEAD_DEFAULTS: YOLOv5HeadArgs = {
  head_module: YOLOV5_HEAD_MODULE_DEFAULTS, base_sizes: YOLOV5_DEFAULT_ANCHORS, prior_strides: [8, 16, 32], decode_strides: [8, 16, 32],
  obj_level_weights: [4.0, 1.0, 0.4], prior_match_thr: 4.0, near_neighbor_thr: 0.5, test_cfg: YOLOV5_TEST_CFG,
};

/** The loss, prior and coder dicts of YOLOv5Head the runtime reads, with the types it computes. */
export const YOLOV5_HEAD_PARTS: Readonly<Record<string, PartContract>> = {
  prior_generator: {
    type: 'mmdet.YOLOAnchorGenerator',
    honoured: { reads: ['base_sizes', 'strides'], inert: ['type', '_scope_'], onlyDefault: { use_box_type: false } },
  },
  // Decoding is the YOLOv5 one (runtime/model/decode.ts); the coder has no settings.
  bbox_coder: { type: 'mmyolo.YOLOv5BBoxCoder', honoured: { reads: [], inert: ['type', '_scope_'], onlyDefault: {}, swallowsKwargs: true } },
  // The YOLOv5 loss (runtime/losses): sigmoid BCE for classes and objectness, CIoU on xywh boxes.
  loss_cls: { type: 'mmdet.CrossEntropyLoss', honoured: YOLOV5_BCE_HONOURED },
  loss_obj: { type: 'mmdet.CrossEntropyLoss', honoured: YOLOV5_BCE_HONOURED },
  loss_bbox: {
    type: 'mmyolo.IoULoss',
    honoured: {
      reads: ['loss_weight', 'eps'],
      inert: ['type', '_scope_'],
      onlyDefault: { iou_mode: 'ciou', bbox_format: 'xywh', reduction: 'mean', return_iou: true },
    },
  },
};

function parseModuleArgs(raw: RawArgs): YOLOv5HeadModuleArgs {
  const d = YOLOV5_HEAD_MODULE_DEFAULTS;
  const missing = ['num_classes', 'in_channels'].filter((k) => raw[k] === undefined);
  const a = {
    num_classes: intArg(raw, 'num_classes', d.num_classes, [1, 1 << 20]),
    in_channels: intOrListArg(raw, 'in_channels', [], RANGES.channels),
    widen_factor: numArg(raw, 'widen_factor', d.widen_factor, RANGES.factor),
    num_base_priors: intArg(raw, 'num_base_priors', d.num_base_priors, [1, 1000]),
    featmap_strides: intListArg(raw, 'featmap_strides', d.featmap_strides, RANGES.stride),
  };
  if (missing.length) throw new SpecArgError(missing[0]!, `YOLOv5HeadModule needs ${missing[0]}`);
  return a;
}

/** The tfjs YOLOv5HeadModule's constructor arguments (runtime/modules/yolov5_head/module.ts). */
export interface YOLOv5HeadModuleCtorArgs {
  numClasses: number;
  /** Before widen_factor, as configs write them: one for every level, or one per level. */
  inChannels: number | readonly number[];
  widenFactor: number;
  numBasePriors: number;
  featmapStrides: readonly number[];
}

/** Parsed args as the tfjs class takes them. */
export function yolov5HeadModuleCtorArgs(a: YOLOv5HeadModuleArgs): YOLOv5HeadModuleCtorArgs {
  return {
    numClasses: a.num_classes, inChannels: typeof a.in_channels === 'number' ? a.in_channels : [...a.in_channels],
    widenFactor: a.widen_factor, numBasePriors: a.num_base_priors, featmapStrides: [...a.featmap_strides],
  };
}

/** The keys of YOLOv5HeadModule the runtime honours. */
const HEAD_MODULE_HONOURED = {
  reads: ['num_classes', 'in_channels', 'widen_factor', 'num_base_priors', 'featmap_strides'],
  inert: ['type', '_scope_', 'init_cfg'],
  onlyDefault: {},
};

/** Per-level input channels after widening; a list shorter than the level count is an IndexError in MMYOLO. */
export function headInputChannels(a: YOLOv5HeadModuleArgs): number[] {
  const n = a.featmap_strides.length;
  if (typeof a.in_channels === 'number') return Array(n).fill(makeDivisible(a.in_channels, a.widen_factor));
  return a.in_channels.slice(0, n).map((c) => makeDivisible(c, a.widen_factor));
}

function moduleLayers(a: YOLOv5HeadModuleArgs, inputs: readonly FeatureMap[], prefix = ''): LayerTable {
  const rows: LayerRow[] = [];
  const params: ParamSpec[] = [];
  const outputs: FeatureMap[] = [];
  const cout = a.num_base_priors * (5 + a.num_classes);
  headInputChannels(a).forEach((c, i) => {
    const real = inputs[i] ?? { channels: c, h: 1, w: 1, stride: a.featmap_strides[i]! };
    const path = join(prefix, 'convs_pred', i);
    const b = conv2d(path, { ...real, channels: c }, cout, 1, 1, 0, { bias: true });
    rows.push(rowOf(path, 'Conv2d', b));
    params.push(...b.params);
    outputs.push(b.out);
  });
  return { rows, params, outputs };
}

/** The YOLOv5HeadModule contract. */
export const YOLOv5HeadModuleSpec: ConsumerSpec<YOLOv5HeadModuleArgs> = {
  type: 'YOLOv5HeadModule',
  role: 'headModule',
  defaults: YOLOV5_HEAD_MODULE_DEFAULTS,
  honoured: HEAD_MODULE_HONOURED,
  parseArgs: parseModuleArgs,
  expectedInputs: headInputChannels,
  suggestInChannels: (a, channels) => unwidenAll(channels, a.widen_factor),
  outputs: (a) => a.featmap_strides.map((stride) => ({ channels: a.num_base_priors * (5 + a.num_classes), stride })),
  parameters: (a, prefix = '') => moduleLayers(a, [], prefix).params,
  layers: moduleLayers,
  runtime: (a) => ({ className: 'YOLOv5HeadModule', typeArgs: [headInputChannels(a)], args: [asJson(yolov5HeadModuleCtorArgs(a))] }),
};

function parseHeadArgs(raw: RawArgs): YOLOv5HeadArgs {
  const d = YOLOV5_HEAD_DEFAULTS;
  const hm = dictArg(raw, 'head_module');
  const pg = dictArg(raw, 'prior_generator');
  const module = nested('head_module', () => parseModuleArgs(hm));
  const baseSizes = nested('prior_generator', () => anchorsArg(pg, 'base_sizes', d.base_sizes));
  const priorStrides = nested('prior_generator', () => intListArg(pg, 'strides', d.prior_strides, RANGES.stride));
  return {
    head_module: module,
    base_sizes: baseSizes,
    prior_strides: priorStrides,
    decode_strides: Array.isArray(pg.strides) ? priorStrides : [...module.featmap_strides],
    obj_level_weights: numListArg(raw, 'obj_level_weights', d.obj_level_weights),
    prior_match_thr: numArg(raw, 'prior_match_thr', d.prior_match_thr),
    near_neighbor_thr: numArg(raw, 'near_neighbor_thr', d.near_neighbor_thr),
    test_cfg: testCfgArg(raw, 'test_cfg', d.test_cfg),
  };
}

/** The YOLOv5Head contract: parameters live under head_module.convs_pred.*. */
export const YOLOv5HeadSpec: ConsumerSpec<YOLOv5HeadArgs> = {
  type: 'YOLOv5Head',
  role: 'head',
  headModule: 'YOLOv5HeadModule',
  defaults: YOLOV5_HEAD_DEFAULTS,
  honoured: {
    reads: ['head_module', 'prior_generator', 'bbox_coder', 'loss_cls', 'loss_bbox', 'loss_obj', 'prior_match_thr', 'near_neighbor_thr', 'obj_level_weights'],
    // The detector replaces the head's train_cfg/test_cfg with the model's (SingleStageDetector).
    inert: ['type', '_scope_', 'init_cfg', 'train_cfg', 'test_cfg'],
    onlyDefault: { ignore_iof_thr: -1.0 },
  },
  parts: YOLOV5_HEAD_PARTS,
  parseArgs: parseHeadArgs,
  expectedInputs: (a) => headInputChannels(a.head_module),
  suggestInChannels: (a, channels) => unwidenAll(channels, a.head_module.widen_factor),
  outputs: (a): FeatureLevel[] => YOLOv5HeadModuleSpec.outputs(a.head_module),
  parameters: (a, prefix = '') => YOLOv5HeadModuleSpec.parameters(a.head_module, join(prefix, 'head_module')),
  layers: (a, inputs, prefix = '') => moduleLayers(a.head_module, inputs, join(prefix, 'head_module')),
  // new YOLOv5Head(headModule, anchors, strides, testCfg): the head module is built from its own dict.
  runtime: (a) => ({
    className: 'YOLOv5Head', typeArgs: [headInputChannels(a.head_module)],
    args: [asJson(a.base_sizes), [...a.decode_strides], asJson(a.test_cfg)],
  }),
};
