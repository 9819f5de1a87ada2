/**
 * mmyolo YOLOv5HeadModule (one 1x1 conv with bias per level, num_base_priors * (5 + classes)
 * outputs) and YOLOv5Head (the module plus mmdet YOLOAnchorGenerator priors and the loss
 * settings). Levels = len(featmap_strides); in_channels are widened with make_divisible.
 */
import { conv2d, join, rowOf, type FeatureLevel, type FeatureMap, type LayerRow, type ParamSpec } from './bricks.spec.js';
import {
  anchorsArg, dictArg, intArg, intListArg, intOrListArg, numArg, numListArg, RANGES, SpecArgError, unwidenAll,
  type ConsumerSpec, type LayerTable, type RawArgs,
} from './contract.spec.js';
import { makeDivisible } from './scaling.js';

/** Constructor args of YOLOv5HeadModule. */
export interface YOLOv5HeadModuleArgs {
  num_classes: number;
  in_channels: number | number[];
  widen_factor: number;
  num_base_priors: number;
  featmap_strides: number[];
}

/** MMYOLO's defaults (num_classes and in_channels are required). */
export const YOLOV5_HEAD_MODULE_DEFAULTS: YOLOv5HeadModuleArgs = {
  num_classes: 80, in_channels: [256, 512, 1024], widen_factor: 1.0, num_base_priors: 3, featmap_strides: [8, 16, 32],
};

/** MMYOLO's default anchors (YOLOv5Head.prior_generator.base_sizes), P3/8, P4/16, P5/32. */
export const YOLOV5_DEFAULT_ANCHORS: number[][][] = [
  [[10, 13], [16, 30], [33, 23]], [[30, 61], [62, 45], [59, 119]], [[116, 90], [156, 198], [373, 326]],
];

/** Shape-relevant args of YOLOv5Head. */
export interface YOLOv5HeadArgs {
  head_module: YOLOv5HeadModuleArgs;
  /** prior_generator.base_sizes */
  base_sizes: number[][][];
  /** prior_generator.strides */
  prior_strides: number[];
  obj_level_weights: number[];
  prior_match_thr: number;
  near_neighbor_thr: number;
}

/** MMYOLO's defaults for YOLOv5Head. */
export const YOLOV5_HEAD_DEFAULTS: YOLOv5HeadArgs = {
  head_module: YOLOV5_HEAD_MODULE_DEFAULTS, base_sizes: YOLOV5_DEFAULT_ANCHORS, prior_strides: [8, 16, 32],
  obj_level_weights: [4.0, 1.0, 0.4], prior_match_thr: 4.0, near_neighbor_thr: 0.5,
};

function parseModuleArgs(raw: RawArgs): YOLOv5HeadModuleArgs {
  for (const k of ['num_classes', 'in_channels']) {
    if (raw[k] === undefined) throw new SpecArgError(k, `YOLOv5HeadModule needs ${k}`);
  }
  const a = {
    num_classes: intArg(raw, 'num_classes', 80, [1, 1 << 20]),
    in_channels: intOrListArg(raw, 'in_channels', [], RANGES.channels),
    widen_factor: numArg(raw, 'widen_factor', 1.0, RANGES.factor),
    num_base_priors: intArg(raw, 'num_base_priors', 3, [1, 1000]),
    featmap_strides: intListArg(raw, 'featmap_strides', [8, 16, 32], RANGES.stride),
  };
  return a;
}

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

/** The YOLOv5HeadModule spec. */
export const YOLOv5HeadModuleSpec: ConsumerSpec<YOLOv5HeadModuleArgs> = {
  type: 'YOLOv5HeadModule',
  role: 'head',
  defaults: YOLOV5_HEAD_MODULE_DEFAULTS,
  parseArgs: parseModuleArgs,
  expectedInputs: headInputChannels,
  suggestInChannels: (a, channels) => unwidenAll(channels, a.widen_factor),
  outputs: (a) => a.featmap_strides.map((stride) => ({ channels: a.num_base_priors * (5 + a.num_classes), stride })),
  parameters: (a, prefix = '') => moduleLayers(a, [], prefix).params,
  layers: moduleLayers,
};

function parseHeadArgs(raw: RawArgs): YOLOv5HeadArgs {
  const hm = dictArg(raw, 'head_module');
  const pg = dictArg(raw, 'prior_generator');
  let module: YOLOv5HeadModuleArgs;
  try {
    module = parseModuleArgs(hm);
  } catch (e) {
    if (e instanceof SpecArgError) throw new SpecArgError(`head_module/${e.key}`, e.message);
    throw e;
  }
  const prior = (k: string, f: () => number[] | number[][][]) => {
    try {
      return f();
    } catch (e) {
      if (e instanceof SpecArgError) throw new SpecArgError(`prior_generator/${k}`, e.message);
      throw e;
    }
  };
  return {
    head_module: module,
    base_sizes: prior('base_sizes', () => anchorsArg(pg, 'base_sizes', YOLOV5_DEFAULT_ANCHORS)) as number[][][],
    prior_strides: prior('strides', () => intListArg(pg, 'strides', [8, 16, 32], RANGES.stride)) as number[],
    obj_level_weights: numListArg(raw, 'obj_level_weights', [4.0, 1.0, 0.4]),
    prior_match_thr: numArg(raw, 'prior_match_thr', 4.0),
    near_neighbor_thr: numArg(raw, 'near_neighbor_thr', 0.5),
  };
}

/** The YOLOv5Head spec: parameters live under head_module.convs_pred.*. */
export const YOLOv5HeadSpec: ConsumerSpec<YOLOv5HeadArgs> = {
  type: 'YOLOv5Head',
  role: 'head',
  defaults: YOLOV5_HEAD_DEFAULTS,
  parseArgs: parseHeadArgs,
  expectedInputs: (a) => headInputChannels(a.head_module),
  suggestInChannels: (a, channels) => unwidenAll(channels, a.head_module.widen_factor),
  outputs: (a): FeatureLevel[] => YOLOv5HeadModuleSpec.outputs(a.head_module),
  parameters: (a, prefix = '') => YOLOv5HeadModuleSpec.parameters(a.head_module, join(prefix, 'head_module')),
  layers: (a, inputs, prefix = '') => moduleLayers(a.head_module, inputs, join(prefix, 'head_module')),
};
