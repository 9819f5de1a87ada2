/**
 * mmyolo YOLOv8CSPDarknet (P5): stem 3x3/2 ConvModule, then stages of [3x3/2 ConvModule,
 * CSPLayerWithTwoConv (+ SPPF after it on the last stage)]; the last stage's output channels are
 * last_stage_out_channels. out_indices count from the stem (0 = stem), default (2, 3, 4).
 */
import {
  convModule, cspLayerWithTwoConv, join, rowOf, selectedIndices, sppf, type Built, type FeatureLevel, type FeatureMap,
  type LayerRow, type ParamSpec,
} from '../symbolic.js';
import {
  asJson, BASE_BACKBONE_READS, CONV_LAYER_TYPES, intArg, parseBaseBackbone, RANGES, SpecArgError, stagedBackboneCtorArgs,
  strArg, YOLO_BN_ARGS, type BackboneSpec, type BaseBackboneArgs, type LayerTable, type RawArgs, type StagedBackboneCtorArgs,
} from '../contract.js';
import { makeDivisible, makeRound } from '../scaling.js';

/** Constructor args of YOLOv8CSPDarknet (plugins only at None). */
export interface YOLOv8CSPDarknetArgs extends BaseBackboneArgs {
  arch: 'P5';
  last_stage_out_channels: number;
}

/** MMYOLO's defaults. */
export const YOLOV8_CSP_DARKNET_DEFAULTS: YOLOv8CSPDarknetArgs = {
  arch: 'P5', last_stage_out_channels: 1024, deepen_factor: 1.0, widen_factor: 1.0, input_channels: 3, out_indices: [2, 3, 4],
  frozen_stages: -1, norm_eval: false, norm_cfg: YOLO_BN_ARGS, act_cfg: 'SiLU',
};

/** arch_settings P5: in, out, num_blocks, add_identity, use_spp per stage (the last out is last_stage_out_channels). */
export function yolov8ArchSetting(lastStageOut: number): [number, number, number, boolean, boolean][] {
  return [[64, 128, 3, true, false], [128, 256, 6, true, false], [256, 512, 6, true, false], [512, lastStageOut, 3, true, true]];
}

function parseArgs(raw: RawArgs): YOLOv8CSPDarknetArgs {
  const d = YOLOV8_CSP_DARKNET_DEFAULTS;
  const arch = strArg(raw, 'arch', d.arch);
  if (arch !== 'P5') throw new SpecArgError('arch', `arch must be 'P5' (YOLOv8CSPDarknet has no other), got '${arch}'`);
  return {
    arch, last_stage_out_channels: intArg(raw, 'last_stage_out_channels', d.last_stage_out_channels, RANGES.channels),
    ...parseBaseBackbone(raw, d),
  };
}

/** Levels of [stem, stage1, ...] by index. */
function candidates(a: YOLOv8CSPDarknetArgs): FeatureLevel[] {
  const s = yolov8ArchSetting(a.last_stage_out_channels);
  return [
    { channels: makeDivisible(s[0]![0], a.widen_factor), stride: 2 },
    ...s.map(([, cout], i) => ({ channels: makeDivisible(cout, a.widen_factor), stride: 2 ** (i + 2) })),
  ];
}

function layers(a: YOLOv8CSPDarknetArgs, inputs: readonly FeatureMap[], prefix = ''): LayerTable {
  const rows: LayerRow[] = [];
  const params: ParamSpec[] = [];
  const add = (path: string, type: string, b: Built): FeatureMap => {
    rows.push(rowOf(path, type, b));
    params.push(...b.params);
    return b.out;
  };
  const setting = yolov8ArchSetting(a.last_stage_out_channels);
  const md = (c: number) => makeDivisible(c, a.widen_factor);
  const image = { ...inputs[0]!, channels: a.input_channels };
  let x = add(join(prefix, 'stem'), 'ConvModule', convModule(join(prefix, 'stem'), image, md(setting[0]![0]), 3, 2, 1));
  const outs: FeatureMap[] = [x];
  setting.forEach(([, cout, nb, , useSpp], i) => {
    const stage = join(prefix, `stage${i + 1}`);
    const c = md(cout);
    x = add(join(stage, 0), 'ConvModule', convModule(join(stage, 0), x, c, 3, 2, 1));
    x = add(join(stage, 1), 'CSPLayerWithTwoConv', cspLayerWithTwoConv(join(stage, 1), x, c, makeRound(nb, a.deepen_factor)));
    if (useSpp) x = add(join(stage, 2), 'SPPFBottleneck', sppf(join(stage, 2), x, c));
    outs.push(x);
  });
  return { rows, params, outputs: selectedIndices(a.out_indices, outs.length).map((i) => outs[i]!) };
}

const NOMINAL = { channels: 3, h: 640, w: 640, stride: 1 };

/** The tfjs YOLOv8CSPDarknet's constructor arguments (runtime/modules/yolov8_csp_darknet/module.ts). */
export interface YOLOv8CSPDarknetCtorArgs extends StagedBackboneCtorArgs {
  lastStageOutChannels: number;
}

/** Parsed args as the tfjs class takes them. */
export function yolov8CspDarknetCtorArgs(a: YOLOv8CSPDarknetArgs): YOLOv8CSPDarknetCtorArgs {
  return { lastStageOutChannels: a.last_stage_out_channels, ...stagedBackboneCtorArgs(a) };
}

/** The YOLOv8CSPDarknet contract. */
export const YOLOv8CSPDarknetSpec: BackboneSpec<YOLOv8CSPDarknetArgs> = {
  type: 'YOLOv8CSPDarknet',
  role: 'backbone',
  defaults: YOLOV8_CSP_DARKNET_DEFAULTS,
  honoured: {
    reads: ['arch', 'last_stage_out_channels', ...BASE_BACKBONE_READS],
    inert: ['type', '_scope_', 'init_cfg'],
    onlyDefault: { plugins: null },
  },
  layerTypes: CONV_LAYER_TYPES,
  parseArgs,
  candidates,
  outIndices: (a) => [...a.out_indices],
  outputs: (a) => {
    const all = candidates(a);
    return selectedIndices(a.out_indices, all.length).map((i) => all[i]!);
  },
  parameters: (a, prefix = '') => layers(a, [NOMINAL], prefix).params,
  layers,
  runtime: (a) => {
    const all = candidates(a).map((l) => l.channels);
    return { className: 'YOLOv8CSPDarknet', typeArgs: [a.out_indices.map((i) => all[i] ?? 0)], args: [asJson(yolov8CspDarknetCtorArgs(a))] };
  },
};
