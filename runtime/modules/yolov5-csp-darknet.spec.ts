/**
 * mmyolo YOLOv5CSPDarknet: layers = [stem, stage1, ..., stageN]; out_indices index that list
 * (0 = the stem), default (2, 3, 4) -> strides 8, 16, 32. Each stage is a 3x3 s2 ConvModule,
 * a CSPLayer, and on the last stage an SPPFBottleneck after the CSPLayer.
 */
import {
  convModule, cspLayer, join, rowOf, selectedIndices, sppf, type Built, type FeatureLevel, type FeatureMap,
  type LayerRow, type ParamSpec,
} from './bricks.spec.js';
import {
  intArg, intListArg, numArg, RANGES, SpecArgError, strArg, type BackboneSpec, type LayerTable, type RawArgs,
} from './contract.spec.js';
import { makeDivisible, makeRound } from './scaling.js';

/** Constructor args of YOLOv5CSPDarknet (norm/act/plugins are not shape-relevant). */
export interface YOLOv5CSPDarknetArgs {
  arch: 'P5' | 'P6';
  deepen_factor: number;
  widen_factor: number;
  input_channels: number;
  out_indices: number[];
  frozen_stages: number;
}

/** MMYOLO's defaults. */
export const YOLOV5_CSP_DARKNET_DEFAULTS: YOLOv5CSPDarknetArgs = {
  arch: 'P5', deepen_factor: 1.0, widen_factor: 1.0, input_channels: 3, out_indices: [2, 3, 4], frozen_stages: -1,
};

/** arch_settings: in, out, num_blocks, add_identity, use_spp per stage. */
export const YOLOV5_ARCH_SETTINGS: Record<'P5' | 'P6', [number, number, number, boolean, boolean][]> = {
  P5: [[64, 128, 3, true, false], [128, 256, 6, true, false], [256, 512, 9, true, false], [512, 1024, 3, true, true]],
  P6: [[64, 128, 3, true, false], [128, 256, 6, true, false], [256, 512, 9, true, false],
    [512, 768, 3, true, false], [768, 1024, 3, true, true]],
};

function parseArgs(raw: RawArgs): YOLOv5CSPDarknetArgs {
  const arch = strArg(raw, 'arch', 'P5');
  if (arch !== 'P5' && arch !== 'P6') throw new SpecArgError('arch', `arch must be 'P5' or 'P6', got '${arch}'`);
  return {
    arch,
    deepen_factor: numArg(raw, 'deepen_factor', 1.0, RANGES.factor),
    widen_factor: numArg(raw, 'widen_factor', 1.0, RANGES.factor),
    input_channels: intArg(raw, 'input_channels', 3, RANGES.channels),
    out_indices: intListArg(raw, 'out_indices', [2, 3, 4]),
    frozen_stages: intArg(raw, 'frozen_stages', -1),
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

/** The YOLOv5CSPDarknet spec. */
export const YOLOv5CSPDarknetSpec: BackboneSpec<YOLOv5CSPDarknetArgs> = {
  type: 'YOLOv5CSPDarknet',
  role: 'backbone',
  defaults: YOLOV5_CSP_DARKNET_DEFAULTS,
  parseArgs,
  candidates,
  outIndices: (a) => [...a.out_indices],
  outputs: (a) => {
    const all = candidates(a);
    return selectedIndices(a.out_indices, all.length).map((i) => all[i]!);
  },
  parameters: (a, prefix = '') => layers(a, [NOMINAL], prefix).params,
  layers,
};
