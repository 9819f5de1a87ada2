/**
 * mmyolo CSPNeXtPAFPN (RTMDet's neck; BaseYOLONeck): channels are int(c * widen_factor); the last
 * level has a 1x1 reduce ConvModule (in[n-1] -> in[n-2]); top_down_layers are CSPLayers with
 * CSPNeXtBlocks (2 in[i-1] -> in[i-1], plus a 1x1 ConvModule to in[i-2] except the last),
 * downsample_layers 3x3/2 ConvModules, bottom_up_layers CSPLayers (2 in[i] -> in[i+1]), and
 * out_layers 3x3 ConvModules to int(out_channels * widen_factor) on every level. Blocks:
 * round(num_csp_blocks * deepen_factor) (no floor of 1).
 */
import {
  convModule, cspLayer, join, rowOf, type Built, type FeatureLevel, type FeatureMap, type LayerRow, type ParamSpec,
} from '../symbolic.js';
import {
  asJson, boolArg, CONV_LAYER_TYPES, intArg, intListArg, layerTypeArg, normArg, numArg, RANGES, SpecArgError, TORCH_BN_ARGS,
  type ConsumerSpec, type LayerTable, type NormArgs, type RawArgs,
} from '../contract.js';
import { pyRound } from '../scaling.js';

/** Constructor args of CSPNeXtPAFPN (use_depthwise, upsample_cfg and conv_cfg only at their defaults). */
export interface CSPNeXtPAFPNArgs {
  in_channels: number[];
  out_channels: number;
  deepen_factor: number;
  widen_factor: number;
  num_csp_blocks: number;
  freeze_all: boolean;
  expand_ratio: number;
  norm_cfg: NormArgs;
  act_cfg: string;
}

/** MMYOLO's defaults (in_channels and out_channels are required). */
export const CSPNEXT_PAFPN_DEFAULTS: CSPNeXtPAFPNArgs = {
  in_channels: [256, 512, 1024], out_channels: 256, deepen_factor: 1.0, widen_factor: 1.0, num_csp_blocks: 3, freeze_all: false,
  expand_ratio: 0.5, norm_cfg: TORCH_BN_ARGS, act_cfg: 'SiLU',
};

function parseArgs(raw: RawArgs): CSPNeXtPAFPNArgs {
  const d = CSPNEXT_PAFPN_DEFAULTS;
  const a: CSPNeXtPAFPNArgs = {
    in_channels: intListArg(raw, 'in_channels', [], RANGES.channels),
    out_channels: intArg(raw, 'out_channels', d.out_channels, RANGES.channels),
    deepen_factor: numArg(raw, 'deepen_factor', d.deepen_factor, RANGES.factor),
    widen_factor: numArg(raw, 'widen_factor', d.widen_factor, RANGES.factor),
    num_csp_blocks: intArg(raw, 'num_csp_blocks', d.num_csp_blocks, RANGES.blocks),
    freeze_all: boolArg(raw, 'freeze_all', d.freeze_all),
    expand_ratio: numArg(raw, 'expand_ratio', d.expand_ratio, [1e-3, 4]),
    norm_cfg: normArg(raw, 'norm_cfg', d.norm_cfg),
    act_cfg: layerTypeArg(raw, 'act_cfg', d.act_cfg),
  };
  for (const k of ['in_channels', 'out_channels'] as const) if (raw[k] === undefined) throw new SpecArgError(k, `CSPNeXtPAFPN needs ${k}`);
  if (a.in_channels.length < 2) throw new SpecArgError('in_channels', 'CSPNeXtPAFPN needs at least two levels');
  return a;
}

const sc = (a: CSPNeXtPAFPNArgs) => (c: number) => Math.trunc(c * a.widen_factor);

/** Channels each input level must carry: int(in_channels[i] * widen_factor). */
function expectedInputs(a: CSPNeXtPAFPNArgs): number[] {
  return a.in_channels.map(sc(a));
}

/** CSP blocks of every layer: round(num_csp_blocks * deepen_factor). */
export function cspnextPafpnBlocks(a: { num_csp_blocks: number; deepen_factor: number }): number {
  return pyRound(a.num_csp_blocks * a.deepen_factor);
}

function layers(a: CSPNeXtPAFPNArgs, inputs: readonly FeatureMap[], prefix = ''): LayerTable {
  const rows: LayerRow[] = [];
  const params: ParamSpec[] = [];
  const add = (path: string, type: string, b: Built): FeatureMap => {
    rows.push(rowOf(path, type, b));
    params.push(...b.params);
    return b.out;
  };
  const ic = expectedInputs(a);
  const oc = sc(a)(a.out_channels);
  const n = ic.length;
  const nb = cspnextPafpnBlocks(a);
  const csp = { cspnext: true, expandRatio: a.expand_ratio };
  const feats: FeatureMap[] = ic.map((c, i) => ({ ...(inputs[i] ?? { channels: 0, h: 1, w: 1, stride: 2 ** (i + 3) }), channels: c }));
  const reduce = [...feats];
  reduce[n - 1] = add(join(prefix, 'reduce_layers', n - 1), 'ConvModule', convModule(join(prefix, 'reduce_layers', n - 1), feats[n - 1]!, ic[n - 2]!, 1));
  const inner: FeatureMap[] = [reduce[n - 1]!];
  for (let idx = n - 1; idx > 0; idx--) {
    const j = n - 1 - idx;
    const high = inner[0]!;
    const up: FeatureMap = { channels: high.channels, h: high.h * 2, w: high.w * 2, stride: high.stride / 2 };
    rows.push({ path: join(prefix, 'upsample_layers', j), type: 'Upsample', out: up, params: 0, flops: 0 });
    const cat: FeatureMap = { ...reduce[idx - 1]!, channels: ic[idx - 1]! * 2 };
    const base = join(prefix, 'top_down_layers', j);
    if (idx === 1) {
      inner.unshift(add(base, 'CSPLayer', cspLayer(base, cat, ic[idx - 1]!, nb, csp)));
    } else {
      const c = add(join(base, 0), 'CSPLayer', cspLayer(join(base, 0), cat, ic[idx - 1]!, nb, csp));
      inner.unshift(add(join(base, 1), 'ConvModule', convModule(join(base, 1), c, ic[idx - 2]!, 1)));
    }
  }
  const outs: FeatureMap[] = [inner[0]!];
  for (let idx = 0; idx < n - 1; idx++) {
    const dp = join(prefix, 'downsample_layers', idx);
    const down = add(dp, 'ConvModule', convModule(dp, outs[outs.length - 1]!, ic[idx]!, 3, 2, 1));
    const p = join(prefix, 'bottom_up_layers', idx);
    outs.push(add(p, 'CSPLayer', cspLayer(p, { ...down, channels: ic[idx]! * 2 }, ic[idx + 1]!, nb, csp)));
  }
  const results = outs.map((o, i) => {
    const p = join(prefix, 'out_layers', i);
    return add(p, 'ConvModule', convModule(p, o, oc, 3, 1, 1));
  });
  const order = ['reduce_layers', 'upsample_layers', 'top_down_layers', 'downsample_layers', 'bottom_up_layers', 'out_layers'];
  const rank = (name: string) => order.findIndex((o) => name.startsWith(join(prefix, o) + '.'));
  const sorted = params.map((q, i) => ({ q, i })).sort((x, y) => rank(x.q.name) - rank(y.q.name) || x.i - y.i).map((e) => e.q);
  return { rows, params: sorted, outputs: results };
}

/** The tfjs CSPNeXtPAFPN's constructor arguments (runtime/modules/cspnext_pafpn/module.ts). */
export interface CSPNeXtPAFPNCtorArgs {
  inChannels: readonly number[];
  outChannels: number;
  deepenFactor: number;
  widenFactor: number;
  numCspBlocks: number;
  expandRatio: number;
  norm: { eps: number; momentum: number };
  /** mmyolo BaseYOLONeck freeze_all: no gradients anywhere in the neck, its BatchNorms in eval mode. */
  freezeAll: boolean;
}

/** Parsed args as the tfjs class takes them. */
export function cspnextPafpnCtorArgs(a: CSPNeXtPAFPNArgs): CSPNeXtPAFPNCtorArgs {
  return {
    inChannels: [...a.in_channels], outChannels: a.out_channels, deepenFactor: a.deepen_factor, widenFactor: a.widen_factor,
    numCspBlocks: a.num_csp_blocks, expandRatio: a.expand_ratio, norm: { eps: a.norm_cfg.eps, momentum: a.norm_cfg.momentum },
    freezeAll: a.freeze_all,
  };
}

/** The CSPNeXtPAFPN contract. Output i keeps input i's stride, with int(out_channels * w) channels. */
export const CSPNeXtPAFPNSpec: ConsumerSpec<CSPNeXtPAFPNArgs> = {
  type: 'CSPNeXtPAFPN',
  role: 'neck',
  defaults: CSPNEXT_PAFPN_DEFAULTS,
  honoured: {
    reads: ['in_channels', 'out_channels', 'deepen_factor', 'widen_factor', 'num_csp_blocks', 'freeze_all', 'expand_ratio', 'norm_cfg', 'act_cfg'],
    inert: ['type', '_scope_', 'init_cfg'],
    onlyDefault: { use_depthwise: false, upsample_cfg: { scale_factor: 2, mode: 'nearest' }, conv_cfg: null },
  },
  layerTypes: CONV_LAYER_TYPES,
  parseArgs,
  expectedInputs,
  suggestInChannels: (a, channels) => {
    const w = a.widen_factor;
    const out = channels.map((c) => {
      const guess = Math.round(c / w);
      for (const g of [guess, guess - 1, guess + 1]) if (g > 0 && Math.trunc(g * w) === c) return g;
      return undefined;
    });
    return out.every((c) => c !== undefined) ? (out as number[]) : undefined;
  },
  outputs: (a, inputs?: readonly FeatureLevel[]) => a.in_channels.map((_, i) => ({
    channels: sc(a)(a.out_channels), stride: inputs?.[i]?.stride ?? 2 ** (i + 3),
  })),
  parameters: (a, prefix = '') => layers(a, [], prefix).params,
  layers,
  runtime: (a) => ({
    className: 'CSPNeXtPAFPN', typeArgs: [expectedInputs(a), a.in_channels.map(() => sc(a)(a.out_channels))],
    args: [asJson(cspnextPafpnCtorArgs(a))],
  }),
};
