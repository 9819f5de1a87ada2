/**
 * mmyolo YOLOv5PAFPN (+ BaseYOLONeck): every channel count is make_divisible(c, widen_factor);
 * input i must have md(in_channels[i]) channels and output i has the same; out_channels is
 * accepted but unused, as in MMYOLO. Only the last level has a reduce 1x1 conv;
 * top_down_layers[0..n-3] are CSP + 1x1 conv, the last top-down layer is CSP only.
 */
import {
  convModule, cspLayer, join, rowOf, type Built, type FeatureLevel, type FeatureMap, type LayerRow,
  type ParamSpec,
} from '../symbolic.js';
import {
  asJson, boolArg, CONV_LAYER_TYPES, intArg, intListArg, layerTypeArg, normArg, numArg, RANGES, SpecArgError, unwidenAll,
  YOLO_BN_ARGS, type ConsumerSpec, type LayerTable, type NormArgs, type RawArgs,
} from '../contract.js';
import { makeDivisible, makeRound } from '../scaling.js';

/** Constructor args of YOLOv5PAFPN (out_channels changes nothing it builds). */
export interface YOLOv5PAFPNArgs {
  in_channels: number[];
  deepen_factor: number;
  widen_factor: number;
  num_csp_blocks: number;
  freeze_all: boolean;
  norm_cfg: NormArgs;
  act_cfg: string;
}

/** MMYOLO's defaults (in_channels has none: it is required). */
export const YOLOV5_PAFPN_DEFAULTS: YOLOv5PAFPNArgs = {
  in_channels: [256, 512, 1024], deepen_factor: 1.0, widen_factor: 1.0, num_csp_blocks: 1, freeze_all: false,
  norm_cfg: YOLO_BN_ARGS, act_cfg: 'SiLU',
};

function parseArgs(raw: RawArgs): YOLOv5PAFPNArgs {
  const d = YOLOV5_PAFPN_DEFAULTS;
  if (raw.in_channels === undefined) throw new SpecArgError('in_channels', 'YOLOv5PAFPN needs in_channels');
  const a = {
    in_channels: intListArg(raw, 'in_channels', [], RANGES.channels),
    deepen_factor: numArg(raw, 'deepen_factor', d.deepen_factor, RANGES.factor),
    widen_factor: numArg(raw, 'widen_factor', d.widen_factor, RANGES.factor),
    num_csp_blocks: intArg(raw, 'num_csp_blocks', d.num_csp_blocks, RANGES.blocks),
    freeze_all: boolArg(raw, 'freeze_all', d.freeze_all),
    norm_cfg: normArg(raw, 'norm_cfg', d.norm_cfg),
    act_cfg: layerTypeArg(raw, 'act_cfg', d.act_cfg),
  };
  if (a.in_channels.length < 2) throw new SpecArgError('in_channels', 'YOLOv5PAFPN needs at least two levels');
  return a;
}

/** Channels each input level must carry: md(in_channels[i]). */
function expectedInputs(a: YOLOv5PAFPNArgs): number[] {
  return a.in_channels.map((c) => makeDivisible(c, a.widen_factor));
}

/**
 * Concats whose real channels (2 * md(c)) differ from what the next CSP layer was built for
 * (md(2 * c)): PyTorch fails there at the first forward. Empty for usual channel counts.
 */
export function pafpnConcatMismatches(a: YOLOv5PAFPNArgs): { layer: string; got: number; expected: number }[] {
  const md = (c: number) => makeDivisible(c, a.widen_factor);
  const n = a.in_channels.length;
  const out: { layer: string; got: number; expected: number }[] = [];
  for (let idx = n - 1; idx > 0; idx--) {
    const c = a.in_channels[idx - 1]!;
    if (2 * md(c) !== md(2 * c)) out.push({ layer: `top_down_layers.${n - 1 - idx}`, got: 2 * md(c), expected: md(2 * c) });
  }
  for (let idx = 0; idx < n - 1; idx++) {
    const c = a.in_channels[idx]!;
    if (2 * md(c) !== md(2 * c)) out.push({ layer: `bottom_up_layers.${idx}`, got: 2 * md(c), expected: md(2 * c) });
  }
  return out;
}

function layers(a: YOLOv5PAFPNArgs, inputs: readonly FeatureMap[], prefix = ''): LayerTable {
  const rows: LayerRow[] = [];
  const params: ParamSpec[] = [];
  const add = (path: string, type: string, b: Built): FeatureMap => {
    rows.push(rowOf(path, type, b));
    params.push(...b.params);
    return b.out;
  };
  const md = (c: number) => makeDivisible(c, a.widen_factor);
  const ic = a.in_channels;
  const n = ic.length;
  const nb = makeRound(a.num_csp_blocks, a.deepen_factor);
  // Inputs as the neck was built for them (declared channels), at the real spatial sizes.
  const feats: FeatureMap[] = ic.map((c, i) => {
    const real = inputs[i] ?? { channels: 0, h: 1, w: 1, stride: 2 ** (i + 3) };
    return { ...real, channels: md(c) };
  });
  const reduce = [...feats];
  reduce[n - 1] = add(join(prefix, 'reduce_layers', n - 1), 'ConvModule',
    convModule(join(prefix, 'reduce_layers', n - 1), feats[n - 1]!, md(ic[n - 2]!), 1));
  const inner: FeatureMap[] = [reduce[n - 1]!];
  for (let idx = n - 1; idx > 0; idx--) {
    const j = n - 1 - idx;
    const high = inner[0]!;
    const up: FeatureMap = { channels: high.channels, h: high.h * 2, w: high.w * 2, stride: high.stride / 2 };
    rows.push({ path: join(prefix, 'upsample_layers', j), type: 'Upsample', out: up, params: 0, flops: 0 });
    const low = reduce[idx - 1]!;
    const cat: FeatureMap = { ...low, channels: md(ic[idx - 1]! * 2) };
    const base = join(prefix, 'top_down_layers', j);
    if (idx === 1) {
      inner.unshift(add(base, 'CSPLayer', cspLayer(base, cat, md(ic[idx - 1]!), nb)));
    } else {
      const csp = add(join(base, 0), 'CSPLayer', cspLayer(join(base, 0), cat, md(ic[idx - 1]!), nb));
      inner.unshift(add(join(base, 1), 'ConvModule', convModule(join(base, 1), csp, md(ic[idx - 2]!), 1)));
    }
  }
  const outs: FeatureMap[] = [inner[0]!];
  for (let idx = 0; idx < n - 1; idx++) {
    const down = add(join(prefix, 'downsample_layers', idx), 'ConvModule',
      convModule(join(prefix, 'downsample_layers', idx), outs[outs.length - 1]!, md(ic[idx]!), 3, 2, 1));
    const cat: FeatureMap = { ...down, channels: md(ic[idx]! * 2) };
    const p = join(prefix, 'bottom_up_layers', idx);
    outs.push(add(p, 'CSPLayer', cspLayer(p, cat, md(ic[idx + 1]!), nb)));
  }
  // Registration order differs from execution order: reduce, upsample, top_down, downsample, bottom_up.
  const order = ['reduce_layers', 'upsample_layers', 'top_down_layers', 'downsample_layers', 'bottom_up_layers'];
  const rank = (name: string) => order.findIndex((o) => name.startsWith(join(prefix, o) + '.'));
  const sorted = params.map((p, i) => ({ p, i })).sort((x, y) => rank(x.p.name) - rank(y.p.name) || x.i - y.i).map((e) => e.p);
  return { rows, params: sorted, outputs: outs };
}

/** The tfjs YOLOv5PAFPN's constructor arguments (runtime/modules/yolov5_pafpn/module.ts). */
export interface YOLOv5PAFPNCtorArgs {
  inChannels: readonly number[];
  deepenFactor: number;
  widenFactor: number;
  numCspBlocks: number;
  norm: { eps: number; momentum: number };
  /** mmyolo BaseYOLONeck freeze_all: no gradients anywhere in the neck, its BatchNorms in eval mode. */
  freezeAll: boolean;
}

/** Parsed args as the tfjs class takes them. */
export function yolov5PafpnCtorArgs(a: YOLOv5PAFPNArgs): YOLOv5PAFPNCtorArgs {
  return {
    inChannels: [...a.in_channels], deepenFactor: a.deepen_factor, widenFactor: a.widen_factor, numCspBlocks: a.num_csp_blocks,
    norm: { eps: a.norm_cfg.eps, momentum: a.norm_cfg.momentum }, freezeAll: a.freeze_all,
  };
}

/** The YOLOv5PAFPN contract. Output i keeps input i's stride. */
export const YOLOv5PAFPNSpec: ConsumerSpec<YOLOv5PAFPNArgs> = {
  type: 'YOLOv5PAFPN',
  role: 'neck',
  defaults: YOLOV5_PAFPN_DEFAULTS,
  honoured: {
    reads: ['in_channels', 'deepen_factor', 'widen_factor', 'num_csp_blocks', 'freeze_all', 'norm_cfg', 'act_cfg'],
    // YOLOv5PAFPN's out layers are identities: out_channels changes nothing it builds.
    inert: ['type', '_scope_', 'out_channels', 'init_cfg'],
    onlyDefault: { upsample_feats_cat_first: true },
  },
  layerTypes: CONV_LAYER_TYPES,
  parseArgs,
  expectedInputs,
  suggestInChannels: (a, channels) => unwidenAll(channels, a.widen_factor),
  outputs: (a, inputs?: readonly FeatureLevel[]) => expectedInputs(a).map((channels, i) => ({
    channels, stride: inputs?.[i]?.stride ?? 2 ** (i + 3),
  })),
  parameters: (a, prefix = '') => layers(a, [], prefix).params,
  layers,
  runtime: (a) => {
    const scaled = expectedInputs(a);
    return { className: 'YOLOv5PAFPN', typeArgs: [scaled, scaled], args: [asJson(yolov5PafpnCtorArgs(a))] };
  },
};
