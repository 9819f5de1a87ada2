/**
 * mmyolo YOLOv5CSPDarknet: layers = [stem, stage1, ..., stageN]; out_indices index that list
 * (0 = the stem), default (2, 3, 4) -> strides 8, 16, 32. Each stage is a 3x3 s2 ConvModule,
 * a CSPLayer, and on the last stage an SPPFBottleneck after the CSPLayer.
 */
import {
  convModule, cspLayer, join, rowOf, selectedIndices, sppf, type Built, type FeatureLevel, type FeatureMap,
  type LayerRow, type ParamSpec,
} from '../symbolic.js';
import {
  asJson, boolArg, intArg, intListArg, layerTypeArg, normArg, numArg, RANGES, SpecArgError, strArg, YOLO_BN_ARGS,
  CONV_LAYER_TYPES, type BackboneSpec, type LayerTable, type NormArgs, type RawArgs,
} from '../contract.js';
import { makeDivisible, makeRound } from '../scaling.js';

/** Constructor args of YOLOv5CSPDarknet (plugins only at their default, None). */
export interface YOLOv5CSPDarknetArgs {
  arch: 'P5' | 'P6';
  deepen_factor: number;
  widen_factor: number;
  input_channels: number;
  out_indices: number[];
  frozen_stages: number;
  norm_eval: boolean;
  norm_cfg: NormArgs;
  act_cfg: string;
}

/** MMYOLO's defaults. */
export const YOLOV5_CSP_DARKNET_DEFAULTS: YOLOv5CSPDarknetArgs = {
  arch: 'P5', deepen_factor: 1.0, widen_factor: 1.0, input_channels: 3, out_indices: [2, 3, 4], frozen_stages: -1,
  norm_eval: false, norm_cfg: YOLO_BN_ARGS, act_cfg: 'SiLU',
};

/** arch_settings: in, out, num_blocks, add_identity, use_spp per stage. */
export const YOLOV5_ARCH_SETTINGS: Record<'P5' | 'P6', [number, number, number, boolean, boolean][]> = {
  P5: [[64, 128, 3, true, false], [128, 256, 6, true, false], [256, 512, 9, true, false], [512, 1024, 3, true, true]],
  P6: [[64, 128, 3, true, false], [128, 256, 6, true, false], [256, 512, 9, true, false],
    [512, 768, 3, true, false], [768, 1024, 3, true, true]],
};

function parseArgs(raw: RawArgs): YOLOv5CSPDarknetArgs {
  const d = YOLOV5_CSP_DARKNET_DEFAULTS;
  const arch = strArg(raw, 'arch', d.arch);
  if (arch !== 'P5' && arch !== 'P6') throw new SpecArgError('arch', `arch must be 'P5' or 'P6', got '${arch}'`);
  return {
    arch,
    deepen_factor: numArg(raw, 'deepen_factor', d.deepen_factor, RANGES.factor),
    widen_factor: numArg(raw, 'widen_factor', d.widen_factor, RANGES.factor),
    input_channels: intArg(raw, 'input_channels', d.input_channels, RANGES.channels),
    out_indices: intListArg(raw, 'out_indices', d.out_indices),
    frozen_stages: intArg(raw, 'frozen_stages', d.frozen_stages),
    norm_eval: boolArg(raw, 'norm_eval', d.norm_eval),
    norm_cfg: normArg(raw, 'norm_cfg', d.norm_cfg),
    act_cfg: layerTypeArg(raw, 'act_cfg', d.act_cfg),
  };
}

/** The tfjs YOLOv5CSPDarknet's constructor arguments (runtime/modules/yolov5_csp_darknet/module.ts). */
export interface YOLOv5CSPDarknetCtorArgs {
  arch: 'P5' | 'P6';
  deepenFactor: number;
  widenFactor: number;
  inputChannels: number;
  outIndices: readonly number[];
  norm: { eps: number; momentum: number };
  /** Layers 0..frozenStages (0 = stem) get no gradients and run their BatchNorms in eval mode; -1: none. */
  frozenStages: number;
  /** Every BatchNorm of the backbone in eval mode while training (running statistics fixed). */
  normEval: boolean;
}

/** Parsed args as the tfjs class takes them. */
export function yolov5CspDarknetCtorArgs(a: YOLOv5CSPDarknetArgs): YOLOv5CSPDarknetCtorArgs {
  return {
    arch: a.arch, deepenFactor: a.deepen_factor, widenFactor: a.widen_factor, inputChannels: a.input_channels,
    outIndices: [...a.out_indices], norm: { eps: a.norm_cfg.eps, momentum: a.norm_cfg.momentum }, frozenStages: a.frozen_stages,
    normEval: a.norm_eval,
  };
}

/** Levels of [stem, stage1, ...] by index. */
function candidates(a: YOLOv5CSPDarknetArgs): FeatureLevel[] {
  const s = YOLOV5_ARCH_SETTINGS[a.arch];
  return [
    { channels: makeDivisible(s[0]![0], a.widen_factor), stride: 2 },
    ...s.map(([, cout], i) => ({ channels: makeDivisible(cout, a.widen_factor), stride: 2 ** (i + 2) })),
  ];
}

function layers(a: YOLOv5CSPDarknetArgs, inputs: readonly FeatureMap[], prefix = ''): LayerTable {
  const rows: LayerRow[] = [];
  const params: ParamSpec[] = [];
  const add = (path: string, type: string, b: Built): FeatureMap => {
    rows.push(rowOf(path, type, b));
    params.push(...b.params);
    return b.out;
  };
  const setting = YOLOV5_ARCH_SETTINGS[a.arch];
  const md = (c: number) => makeDivisible(c, a.widen_factor);
  const image = { ...inputs[0]!, channels: a.input_channels };
  let x = add(join(prefix, 'stem'), 'ConvModule', convModule(join(prefix, 'stem'), image, md(setting[0]![0]), 6, 2, 2));
  const outs: FeatureMap[] = [x];
  setting.forEach(([, cout, nb, , useSpp], i) => {
    const stage = join(prefix, `stage${i + 1}`);
    const c = md(cout);
    x = add(join(stage, 0), 'ConvModule', convModule(join(stage, 0), x, c, 3, 2, 1));
    x = add(join(stage, 1), 'CSPLayer', cspLayer(join(stage, 1), x, c, makeRound(nb, a.deepen_factor)));
    if (useSpp) x = add(join(stage, 2), 'SPPFBottleneck', sppf(join(stage, 2), x, c));
    outs.push(x);
  });
  return { rows, params, outputs: selectedIndices(a.out_indices, outs.length).map((i) => outs[i]!) };
}

const NOMINAL = { channels: 3, h: 640, w: 640, stride: 1 };

/** The YOLOv5CSPDarknet contract. */
export const YOLOv5CSPDarknetSpec: BackboneSpec<YOLOv5CSPDarknetArgs> = {
  type: 'YOLOv5CSPDarknet',
  role: 'backbone',
  defaults: YOLOV5_CSP_DARKNET_DEFAULTS,
  honoured: {
    reads: ['arch', 'deepen_factor', 'widen_factor', 'input_channels', 'out_indices', 'frozen_stages', 'norm_eval', 'norm_cfg', 'act_cfg'],
    inert: ['type', '_scope_', 'init_cfg', 'pretrained'],
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
    return { className: 'YOLOv5CSPDarknet', typeArgs: [a.out_indices.map((i) => all[i] ?? 0)], args: [asJson(yolov5CspDarknetCtorArgs(a))] };
  },
};
