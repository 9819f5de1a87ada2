/**
 * mmyolo YOLOv8PAFPN (BaseYOLONeck with identity reduce and out layers): top_down_layers are
 * CSPLayerWithTwoConv(md(in[i-1] + in[i]) -> md(out[i-1])), downsample_layers 3x3/2 ConvModules
 * on md(in[i]), bottom_up_layers CSPLayerWithTwoConv(md(out[i] + out[i+1]) -> md(out[i+1])).
 * Input i must have md(in_channels[i]) channels, output i has md(out_channels[i]).
 */
import {
  convModule, cspLayerWithTwoConv, join, rowOf, type Built, type FeatureLevel, type FeatureMap, type LayerRow, type ParamSpec,
} from '../symbolic.js';
import {
  asJson, boolArg, CONV_LAYER_TYPES, intArg, intListArg, layerTypeArg, normArg, numArg, RANGES, SpecArgError,
  unwidenAll, YOLO_BN_ARGS, type ConsumerSpec, type LayerTable, type NormArgs, type RawArgs,
} from '../contract.js';
import { makeDivisible, makeRound } from '../scaling.js';

/** Constructor args of YOLOv8PAFPN. */
export interface YOLOv8PAFPNArgs {
  in_channels: number[];
  out_channels: number[];
  deepen_factor: number;
  widen_factor: number;
  num_csp_blocks: number;
  freeze_all: boolean;
  norm_cfg: NormArgs;
  act_cfg: string;
}

/** MMYOLO's defaults (in_channels and out_channels are required). */
export const YOLOV8_PAFPN_DEFAULTS: YOLOv8PAFPNArgs = {
  in_channels: [256, 512, 1024], out_channels: [256, 512, 1024], deepen_factor: 1.0, widen_factor: 1.0, num_csp_blocks: 3,
  freeze_all: false, norm_cfg: YOLO_BN_ARGS, act_cfg: 'SiLU',
};

function parseArgs(raw: RawArgs): YOLOv8PAFPNArgs {
  const d = YOLOV8_PAFPN_DEFAULTS;
  const inCh = intListArg(raw, 'in_channels', [], RANGES.channels);
  const a: YOLOv8PAFPNArgs = {
    in_channels: inCh,
    out_channels: intListArg(raw, 'out_channels', [], RANGES.channels),
    deepen_factor: numArg(raw, 'deepen_factor', d.deepen_factor, RANGES.factor),
    widen_factor: numArg(raw, 'widen_factor', d.widen_factor, RANGES.factor),
    num_csp_blocks: intArg(raw, 'num_csp_blocks', d.num_csp_blocks, RANGES.blocks),
    freeze_all: boolArg(raw, 'freeze_all', d.freeze_all),
    norm_cfg: normArg(raw, 'norm_cfg', d.norm_cfg),
    act_cfg: layerTypeArg(raw, 'act_cfg', d.act_cfg),
  };
  for (const k of ['in_channels', 'out_channels'] as const) if (raw[k] === undefined) throw new SpecArgError(k, `YOLOv8PAFPN needs ${k}`);
  if (a.in_channels.length < 2) throw new SpecArgError('in_channels', 'YOLOv8PAFPN needs at least two levels');
  if (a.out_channels.length !== a.in_channels.length) {
    throw new SpecArgError('out_channels', `out_channels has ${a.out_channels.length} levels but in_channels ${a.in_channels.length}`);
  }
  return a;
}

const md = (a: YOLOv8PAFPNArgs) => (c: number) => makeDivisible(c, a.widen_factor);

/** Channels each input level must carry: md(in_channels[i]). */
function expectedInputs(a: YOLOv8PAFPNArgs): number[] {
  return a.in_channels.map(md(a));
}

/**
 * Concats whose real channels differ from what the next CSP layer was built for (PyTorch fails
 * at the first forward): top-down concat of md(out[i]) (or md(in[n-1]) at the top) and md(in[i-1])
 * against md(in[i-1] + in[i]); bottom-up of md(in[i]) (the downsample keeps md(in[i])) and
 * md(out[i+1]) (md(in[n-1]) at the top) against md(out[i] + out[i+1]).
 */
export function yolov8ConcatMismatches(a: YOLOv8PAFPNArgs): { layer: string; got: number; expected: number }[] {
  const m = md(a);
  const ic = a.in_channels;
  const oc = a.out_channels;
  const n = ic.length;
  const out: { layer: string; got: number; expected: number }[] = [];
  for (let idx = n - 1; idx > 0; idx--) {
    const high = idx === n - 1 ? m(ic[n - 1]!) : m(oc[idx]!);
    const got = high + m(ic[idx - 1]!);
    const expected = m(ic[idx - 1]! + ic[idx]!);
    if (got !== expected) out.push({ layer: `top_down_layers.${n - 1 - idx}`, got, expected });
  }
  for (let idx = 0; idx < n - 1; idx++) {
    const high = idx + 1 === n - 1 ? m(ic[n - 1]!) : m(oc[idx + 1]!);
    const low = m(oc[idx]!);
    // The downsample conv was built for md(in[idx]) input channels.
    if (low !== m(ic[idx]!)) out.push({ layer: `downsample_layers.${idx}`, got: low, expected: m(ic[idx]!) });
    const got = m(ic[idx]!) + high;
    const expected = m(oc[idx]! + oc[idx + 1]!);
    if (got !== expected) out.push({ layer: `bottom_up_layers.${idx}`, got, expected });
  }
  return out;
}

function layers(a: YOLOv8PAFPNArgs, inputs: readonly FeatureMap[], prefix = ''): LayerTable {
  const rows: LayerRow[] = [];
  const params: ParamSpec[] = [];
  const add = (path: string, type: string, b: Built): FeatureMap => {
    rows.push(rowOf(path, type, b));
    params.push(...b.params);
    return b.out;
  };
  const m = md(a);
  const ic = a.in_channels;
  const oc = a.out_channels;
  const n = ic.length;
  const nb = makeRound(a.num_csp_blocks, a.deepen_factor);
  const feats: FeatureMap[] = ic.map((c, i) => ({ ...(inputs[i] ?? { channels: 0, h: 1, w: 1, stride: 2 ** (i + 3) }), channels: m(c) }));
  const inner: FeatureMap[] = [feats[n - 1]!];
  for (let idx = n - 1; idx > 0; idx--) {
    const j = n - 1 - idx;
    const high = inner[0]!;
    const up: FeatureMap = { channels: high.channels, h: high.h * 2, w: high.w * 2, stride: high.stride / 2 };
    rows.push({ path: join(prefix, 'upsample_layers', j), type: 'Upsample', out: up, params: 0, flops: 0 });
    const cat: FeatureMap = { ...feats[idx - 1]!, channels: m(ic[idx - 1]! + ic[idx]!) };
    const p = join(prefix, 'top_down_layers', j);
    inner.unshift(add(p, 'CSPLayerWithTwoConv', cspLayerWithTwoConv(p, cat, m(oc[idx - 1]!), nb)));
  }
  const outs: FeatureMap[] = [inner[0]!];
  for (let idx = 0; idx < n - 1; idx++) {
    const dp = join(prefix, 'downsample_layers', idx);
    const down = add(dp, 'ConvModule', convModule(dp, { ...outs[outs.length - 1]!, channels: m(ic[idx]!) }, m(ic[idx]!), 3, 2, 1));
    const cat: FeatureMap = { ...down, channels: m(oc[idx]! + oc[idx + 1]!) };
    const p = join(prefix, 'bottom_up_layers', idx);
    outs.push(add(p, 'CSPLayerWithTwoConv', cspLayerWithTwoConv(p, cat, m(oc[idx + 1]!), nb)));
  }
  // Registration order: top_down, downsample, bottom_up (the reduce, upsample and out layers have no parameters).
  const order = ['top_down_layers', 'downsample_layers', 'bottom_up_layers'];
  const rank = (name: string) => order.findIndex((o) => name.startsWith(join(prefix, o) + '.'));
  const sorted = params.map((p, i) => ({ p, i })).sort((x, y) => rank(x.p.name) - rank(y.p.name) || x.i - y.i).map((e) => e.p);
  return { rows, params: sorted, outputs: outs };
}

/** The tfjs YOLOv8PAFPN's constructor arguments (runtime/modules/yolov8_pafpn/module.ts). */
export interface YOLOv8PAFPNCtorArgs {
  inChannels: readonly number[];
  outChannels: readonly number[];
  deepenFactor: number;
  widenFactor: number;
  numCspBlocks: number;
  norm: { eps: number; momentum: number };
  /** mmyolo BaseYOLONeck freeze_all: no gradients anywhere in the neck, its BatchNorms in eval mode. */
  freezeAll: boolean;
}

/** Parsed args as the tfjs class takes them. */
export function yolov8PafpnCtorArgs(a: YOLOv8PAFPNArgs): YOLOv8PAFPNCtorArgs {
  return {
    inChannels: [...a.in_channels], outChannels: [...a.out_channels], deepenFactor: a.deepen_factor, widenFactor: a.widen_factor,
    numCspBlocks: a.num_csp_blocks, norm: { eps: a.norm_cfg.eps, momentum: a.norm_cfg.momentum }, freezeAll: a.freeze_all,
  };
}

/** The YOLOv8PAFPN contract. Output i keeps input i's stride. */
export const YOLOv8PAFPNSpec: ConsumerSpec<YOLOv8PAFPNArgs> = {
  type: 'YOLOv8PAFPN',
  role: 'neck',
  defaults: YOLOV8_PAFPN_DEFAULTS,
  honoured: {
    reads: ['in_channels', 'out_channels', 'deepen_factor', 'widen_factor', 'num_csp_blocks', 'freeze_all', 'norm_cfg', 'act_cfg'],
    inert: ['type', '_scope_', 'init_cfg'],
    onlyDefault: {},
  },
  layerTypes: CONV_LAYER_TYPES,
  parseArgs,
  expectedInputs,
  suggestInChannels: (a, channels) => unwidenAll(channels, a.widen_factor),
  outputs: (a, inputs?: readonly FeatureLevel[]) => a.out_channels.map((c, i) => ({
    channels: md(a)(c), stride: inputs?.[i]?.stride ?? 2 ** (i + 3),
  })),
  parameters: (a, prefix = '') => layers(a, [], prefix).params,
  layers,
  runtime: (a) => ({
    className: 'YOLOv8PAFPN', typeArgs: [expectedInputs(a), a.out_channels.map(md(a))], args: [asJson(yolov8PafpnCtorArgs(a))],
  }),
};
