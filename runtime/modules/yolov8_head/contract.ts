/**
 * mmyolo YOLOv8HeadModule (decoupled: per level a cls branch of two 3x3 ConvModules and a 1x1
 * conv to num_classes, a reg branch of two 3x3 ConvModules and a 1x1 conv to 4 * reg_max DFL
 * logits, whose softmax expectation over 0..reg_max-1 gives the four distances) and YOLOv8Head,
 * which holds it under `head_module` with MlvlPointGenerator points (offset 0.5) and
 * DistancePointBBoxCoder (runtime/modules/point_head.ts).
 */
import { conv2d, convModule, join, rowOf, type FeatureLevel, type FeatureMap, type LayerRow, type ParamSpec } from '../symbolic.js';
import {
  asJson, CONV_LAYER_TYPES, intArg, intListArg, numArg, RANGES, SpecArgError, layerTypeArg, normArg, unwidenAll, YOLO_BN_ARGS,
  type ConsumerSpec, type LayerTable, type NormArgs, type PartContract, type RawArgs, type TestCfg,
} from '../contract.js';
import { makeDivisible } from '../scaling.js';
import {
  parsePointHead, POINT_HEAD_PARTS, pointHeadCtorArgs, pointHeadHonoured, type PointHeadArgs, type PointHeadCtorArgs,
} from '../point_head.js';

/** Constructor args of YOLOv8HeadModule. */
export interface YOLOv8HeadModuleArgs {
  num_classes: number;
  in_channels: number[];
  widen_factor: number;
  featmap_strides: number[];
  reg_max: number;
  norm_cfg: NormArgs;
  act_cfg: string;
}

/** MMYOLO's defaults (num_classes and in_channels are required). */
export const YOLOV8_HEAD_MODULE_DEFAULTS: YOLOv8HeadModuleArgs = {
  num_classes: 80, in_channels: [256, 512, 1024], widen_factor: 1.0, featmap_strides: [8, 16, 32], reg_max: 16,
  norm_cfg: YOLO_BN_ARGS, act_cfg: 'SiLU',
};

/** MMYOLO's model_test_cfg of YOLOv8 (used when a config has no test_cfg). */
export const YOLOV8_TEST_CFG: TestCfg = { multiLabel: true, nmsPre: 30000, scoreThr: 0.001, iouThreshold: 0.7, maxPerImg: 300 };

function parseModuleArgs(raw: RawArgs): YOLOv8HeadModuleArgs {
  const d = YOLOV8_HEAD_MODULE_DEFAULTS;
  const a: YOLOv8HeadModuleArgs = {
    num_classes: intArg(raw, 'num_classes', d.num_classes, [1, 1 << 20]),
    in_channels: intListArg(raw, 'in_channels', [], RANGES.channels),
    widen_factor: numArg(raw, 'widen_factor', d.widen_factor, RANGES.factor),
    featmap_strides: intListArg(raw, 'featmap_strides', d.featmap_strides, RANGES.stride),
    reg_max: intArg(raw, 'reg_max', d.reg_max, [1, 256]),
    norm_cfg: normArg(raw, 'norm_cfg', d.norm_cfg),
    act_cfg: layerTypeArg(raw, 'act_cfg', d.act_cfg),
  };
  const missing = ['num_classes', 'in_channels'].find((k) => raw[k] === undefined);
  if (missing) throw new SpecArgError(missing, `YOLOv8HeadModule needs ${missing}`);
  return a;
}

/** Per-level input channels after widening (in_channels has one per level; more are ignored, fewer fail). */
export function yolov8HeadInputChannels(a: YOLOv8HeadModuleArgs): number[] {
  return a.in_channels.slice(0, a.featmap_strides.length).map((c) => makeDivisible(c, a.widen_factor));
}

/** Widths of the two branches from the first level's widened input: reg max(16, in0 // 4, 4 * reg_max), cls max(in0, num_classes). */
export function yolov8BranchChannels(in0: number, regMax: number, numClasses: number): { reg: number; cls: number } {
  return { reg: Math.max(16, Math.floor(in0 / 4), regMax * 4), cls: Math.max(in0, numClasses) };
}

function moduleLayers(a: YOLOv8HeadModuleArgs, inputs: readonly FeatureMap[], prefix = ''): LayerTable {
  const rows: LayerRow[] = [];
  const cls: ParamSpec[] = [];
  const reg: ParamSpec[] = [];
  const outputs: FeatureMap[] = [];
  const { reg: rc, cls: cc } = yolov8BranchChannels(makeDivisible(a.in_channels[0] ?? 0, a.widen_factor), a.reg_max, a.num_classes);
  yolov8HeadInputChannels(a).forEach((c, i) => {
    const x: FeatureMap = { ...(inputs[i] ?? { h: 1, w: 1, stride: a.featmap_strides[i]! }), channels: c };
    const branch = (name: 'cls_preds' | 'reg_preds', mid: number, out: number, into: ParamSpec[]) => {
      const p = (j: number) => join(prefix, name, i, j);
      const c0 = convModule(p(0), x, mid, 3, 1, 1);
      const c1 = convModule(p(1), c0.out, mid, 3, 1, 1);
      const c2 = conv2d(p(2), c1.out, out, 1, 1, 0, { bias: true });
      rows.push(rowOf(p(0), 'ConvModule', c0), rowOf(p(1), 'ConvModule', c1), rowOf(p(2), 'Conv2d', c2));
      into.push(...c0.params, ...c1.params, ...c2.params);
      return c2.out;
    };
    outputs.push(branch('cls_preds', cc, a.num_classes, cls));
    branch('reg_preds', rc, 4 * a.reg_max, reg);
  });
  // Registration order: cls_preds (every level), then reg_preds.
  return { rows, params: [...cls, ...reg], outputs };
}

/** The tfjs YOLOv8HeadModule's constructor arguments (runtime/modules/yolov8_head/module.ts). */
export interface YOLOv8HeadModuleCtorArgs {
  numClasses: number;
  /** Before widen_factor, as configs write them. */
  inChannels: readonly number[];
  widenFactor: number;
  featmapStrides: readonly number[];
  regMax: number;
  norm: { eps: number; momentum: number };
}

/** Parsed args as the tfjs class takes them. */
export function yolov8HeadModuleCtorArgs(a: YOLOv8HeadModuleArgs): YOLOv8HeadModuleCtorArgs {
  return {
    numClasses: a.num_classes, inChannels: [...a.in_channels], widenFactor: a.widen_factor, featmapStrides: [...a.featmap_strides],
    regMax: a.reg_max, norm: { eps: a.norm_cfg.eps, momentum: a.norm_cfg.momentum },
  };
}

/** The YOLOv8HeadModule contract. */
export const YOLOv8HeadModuleSpec: ConsumerSpec<YOLOv8HeadModuleArgs> = {
  type: 'YOLOv8HeadModule',
  role: 'headModule',
  defaults: YOLOV8_HEAD_MODULE_DEFAULTS,
  honoured: {
    reads: ['num_classes', 'in_channels', 'widen_factor', 'featmap_strides', 'reg_max', 'norm_cfg', 'act_cfg'],
    inert: ['type', '_scope_', 'init_cfg'],
    // Stored by the module, used by nothing (the point generator places one prior per cell).
    onlyDefault: { num_base_priors: 1 },
  },
  layerTypes: CONV_LAYER_TYPES,
  parseArgs: parseModuleArgs,
  expectedInputs: yolov8HeadInputChannels,
  suggestInChannels: (a, channels) => unwidenAll(channels, a.widen_factor),
  outputs: (a): FeatureLevel[] => a.featmap_strides.map((stride) => ({ channels: a.num_classes, stride })),
  parameters: (a, prefix = '') => moduleLayers(a, [], prefix).params,
  layers: moduleLayers,
  runtime: (a) => ({ className: 'YOLOv8HeadModule', typeArgs: [yolov8HeadInputChannels(a)], args: [asJson(yolov8HeadModuleCtorArgs(a))] }),
};

/** The loss dicts of YOLOv8Head the runtime trains with (MMYOLO's YOLOv8 settings), and its priors and coder. */
export const YOLOV8_HEAD_PARTS: Readonly<Record<string, PartContract>> = {
  ...POINT_HEAD_PARTS,
  prior_generator: {
    type: 'mmdet.MlvlPointGenerator',
    honoured: { reads: ['strides'], inert: ['type', '_scope_'], onlyDefault: { offset: 0.5 } },
  },
  loss_cls: {
    type: 'mmdet.CrossEntropyLoss',
    honoured: {
      reads: ['loss_weight'], inert: ['type', '_scope_'],
      onlyDefault: { use_mask: false, class_weight: null, ignore_index: null, avg_non_ignore: false },
      requires: { use_sigmoid: { value: true, upstreamDefault: false }, reduction: { value: 'none', upstreamDefault: 'mean' } },
    },
  },
  loss_bbox: {
    type: 'mmyolo.IoULoss',
    honoured: {
      reads: ['loss_weight', 'eps'], inert: ['type', '_scope_'], onlyDefault: { iou_mode: 'ciou' },
      requires: {
        bbox_format: { value: 'xyxy', upstreamDefault: 'xywh' }, reduction: { value: 'sum', upstreamDefault: 'mean' },
        return_iou: { value: false, upstreamDefault: true },
      },
    },
  },
  loss_dfl: {
    type: 'mmdet.DistributionFocalLoss',
    honoured: { reads: ['loss_weight'], inert: ['type', '_scope_'], onlyDefault: { reduction: 'mean' } },
  },
};

/** Args of YOLOv8Head. */
export type YOLOv8HeadArgs = PointHeadArgs<YOLOv8HeadModuleArgs>;

/** The YOLOv8Head contract: parameters live under head_module.*. */
export const YOLOv8HeadSpec: ConsumerSpec<YOLOv8HeadArgs> = {
  type: 'YOLOv8Head',
  role: 'head',
  headModule: 'YOLOv8HeadModule',
  defaults: {},
  honoured: pointHeadHonoured(['loss_cls', 'loss_bbox', 'loss_dfl']),
  parts: YOLOV8_HEAD_PARTS,
  parseArgs: (raw) => parsePointHead(raw, parseModuleArgs, { offset: 0.5, testCfg: YOLOV8_TEST_CFG }),
  expectedInputs: (a) => yolov8HeadInputChannels(a.head_module),
  suggestInChannels: (a, channels) => unwidenAll(channels, a.head_module.widen_factor),
  outputs: (a): FeatureLevel[] => YOLOv8HeadModuleSpec.outputs(a.head_module),
  parameters: (a, prefix = '') => YOLOv8HeadModuleSpec.parameters(a.head_module, join(prefix, 'head_module')),
  layers: (a, inputs, prefix = '') => moduleLayers(a.head_module, inputs, join(prefix, 'head_module')),
  // new YOLOv8Head(headModule, { priorOffset, priorStrides, testCfg }): the head module is built from its own dict.
  runtime: (a) => ({
    className: 'YOLOv8Head', typeArgs: [yolov8HeadInputChannels(a.head_module)], args: [asJson(pointHeadCtorArgs(a) satisfies PointHeadCtorArgs)],
  }),
};
