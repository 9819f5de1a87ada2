/**
 * mmyolo CSPNeXt (RTMDet's backbone, P5 and P6): a stem of three 3x3 ConvModules (3 ->
 * int(64w // 2), stride 2; -> same; -> int(64w)), then stages of [3x3/2 ConvModule, SPPF on the
 * last stage, CSPLayer with CSPNeXtBlocks (5x5 depthwise-separable) and channel attention].
 * Channels are int(c * widen_factor), blocks max(round(n * deepen_factor), 1) (not make_divisible /
 * make_round). out_indices count from the stem (0 = stem), default (2, 3, 4).
 */
import {
  convModule, cspLayer, join, rowOf, selectedIndices, sppf, type Built, type FeatureLevel, type FeatureMap,
  type LayerRow, type ParamSpec,
} from '../symbolic.js';
import {
  asJson, BASE_BACKBONE_READS, boolArg, CONV_LAYER_TYPES, numArg, parseBaseBackbone, SpecArgError, stagedBackboneCtorArgs, strArg,
  TORCH_BN_ARGS, type BackboneSpec, type BaseBackboneArgs, type LayerTable, type RawArgs, type StagedBackboneCtorArgs,
} from '../contract.js';
import { pyRound } from '../scaling.js';

/** Constructor args of CSPNeXt (use_depthwise, arch_ovewrite, conv_cfg and plugins only at their defaults). */
export interface CSPNeXtArgs extends BaseBackboneArgs {
  arch: 'P5' | 'P6';
  expand_ratio: number;
  channel_attention: boolean;
}

/** MMYOLO's defaults. */
export const CSPNEXT_DEFAULTS: CSPNeXtArgs = {
  arch: 'P5', deepen_factor: 1.0, widen_factor: 1.0, input_channels: 3, out_indices: [2, 3, 4], frozen_stages: -1,
  norm_eval: false, norm_cfg: TORCH_BN_ARGS, act_cfg: 'SiLU', expand_ratio: 0.5, channel_attention: true,
};

/** arch_settings: in, out, num_blocks, add_identity, use_spp per stage. */
export const CSPNEXT_ARCH_SETTINGS: Record<'P5' | 'P6', [number, number, number, boolean, boolean][]> = {
  P5: [[64, 128, 3, true, false], [128, 256, 6, true, false], [256, 512, 6, true, false], [512, 1024, 3, false, true]],
  P6: [[64, 128, 3, true, false], [128, 256, 6, true, false], [256, 512, 6, true, false], [512, 768, 3, true, false],
    [768, 1024, 3, false, true]],
};

function parseArgs(raw: RawArgs): CSPNeXtArgs {
  const d = CSPNEXT_DEFAULTS;
  const arch = strArg(raw, 'arch', d.arch);
  if (arch !== 'P5' && arch !== 'P6') throw new SpecArgError('arch', `arch must be 'P5' or 'P6', got '${arch}'`);
  return {
    arch, ...parseBaseBackbone(raw, d),
    expand_ratio: numArg(raw, 'expand_ratio', d.expand_ratio, [1e-3, 4]),
    channel_attention: boolArg(raw, 'channel_attention', d.channel_attention),
  };
}

/** int(c * widen_factor), as CSPNeXt scales channels. */
const scaled = (c: number, w: number) => Math.trunc(c * w);

/** The stem's hidden channels: int(64 * w // 2) (Python's float floor division). */
export function cspnextStemMid(w: number): number {
  return Math.trunc(Math.floor((64 * w) / 2));
}

/** CSPLayer blocks of a stage: max(round(n * deepen_factor), 1). */
export function cspnextBlocks(n: number, d: number): number {
  return Math.max(pyRound(n * d), 1);
}

/** Levels of [stem, stage1, ...] by index. */
function candidates(a: CSPNeXtArgs): FeatureLevel[] {
  const s = CSPNEXT_ARCH_SETTINGS[a.arch];
  return [
    { channels: scaled(s[0]![0], a.widen_factor), stride: 2 },
    ...s.map(([, cout], i) => ({ channels: scaled(cout, a.widen_factor), stride: 2 ** (i + 2) })),
  ];
}

function layers(a: CSPNeXtArgs, inputs: readonly FeatureMap[], prefix = ''): LayerTable {
  const rows: LayerRow[] = [];
  const params: ParamSpec[] = [];
  const add = (path: string, type: string, b: Built): FeatureMap => {
    rows.push(rowOf(path, type, b));
    params.push(...b.params);
    return b.out;
  };
  const w = a.widen_factor;
  const setting = CSPNEXT_ARCH_SETTINGS[a.arch];
  const mid = cspnextStemMid(w);
  // The stem takes 3 channels whatever input_channels says (MMYOLO hard-codes it).
  let x: FeatureMap = { ...inputs[0]!, channels: 3 };
  x = add(join(prefix, 'stem', 0), 'ConvModule', convModule(join(prefix, 'stem', 0), x, mid, 3, 2, 1));
  x = add(join(prefix, 'stem', 1), 'ConvModule', convModule(join(prefix, 'stem', 1), x, mid, 3, 1, 1));
  x = add(join(prefix, 'stem', 2), 'ConvModule', convModule(join(prefix, 'stem', 2), x, scaled(setting[0]![0], w), 3, 1, 1));
  const outs: FeatureMap[] = [x];
  setting.forEach(([, cout, nb, , useSpp], i) => {
    const stage = join(prefix, `stage${i + 1}`);
    const c = scaled(cout, w);
    let j = 0;
    x = add(join(stage, j), 'ConvModule', convModule(join(stage, j++), x, c, 3, 2, 1));
    if (useSpp) x = add(join(stage, j), 'SPPFBottleneck', sppf(join(stage, j++), x, c));
    const csp = cspLayer(join(stage, j), x, c, cspnextBlocks(nb, a.deepen_factor), {
      cspnext: true, channelAttention: a.channel_attention, expandRatio: a.expand_ratio,
    });
    x = add(join(stage, j), 'CSPLayer', csp);
    outs.push(x);
  });
  return { rows, params, outputs: selectedIndices(a.out_indices, outs.length).map((i) => outs[i]!) };
}

const NOMINAL = { channels: 3, h: 640, w: 640, stride: 1 };

/** The tfjs CSPNeXt's constructor arguments (runtime/modules/cspnext/module.ts). */
export interface CSPNeXtCtorArgs extends StagedBackboneCtorArgs {
  arch: 'P5' | 'P6';
  expandRatio: number;
  channelAttention: boolean;
}

/** Parsed args as the tfjs class takes them. */
export function cspnextCtorArgs(a: CSPNeXtArgs): CSPNeXtCtorArgs {
  return { arch: a.arch, ...stagedBackboneCtorArgs(a), expandRatio: a.expand_ratio, channelAttention: a.channel_attention };
}

/** The CSPNeXt contract. */
export const CSPNeXtSpec: BackboneSpec<CSPNeXtArgs> = {
  type: 'CSPNeXt',
  role: 'backbone',
  defaults: CSPNEXT_DEFAULTS,
  honoured: {
    reads: ['arch', 'expand_ratio', 'channel_attention', ...BASE_BACKBONE_READS],
    inert: ['type', '_scope_', 'init_cfg'],
    onlyDefault: { plugins: null, use_depthwise: false, arch_ovewrite: null, conv_cfg: null },
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
    return { className: 'CSPNeXt', typeArgs: [a.out_indices.map((i) => all[i] ?? 0)], args: [asJson(cspnextCtorArgs(a))] };
  },
};
