/**
 * mmyolo RTMDetSepBNHeadModule (per level: stacked_convs 3x3 ConvModules for classes and as many
 * for boxes, then rtm_cls / rtm_reg convs; with share_conv every level uses level 0's conv
 * weights under its own BatchNorms) and RTMDetHead, which holds it under `head_module` with
 * MlvlPointGenerator points (offset 0), DistancePointBBoxCoder and sigmoid scores
 * (runtime/modules/point_head.ts). Channels are int(c * widen_factor); in_channels is one int.
 */
import { conv2d, convModule, join, rowOf, type FeatureLevel, type FeatureMap, type LayerRow, type ParamSpec } from '../symbolic.js';
import {
  asJson, boolArg, CONV_LAYER_TYPES, intArg, intListArg, layerTypeArg, normArg, numArg, RANGES, SpecArgError, TORCH_BN_ARGS,
  type ConsumerSpec, type LayerTable, type NormArgs, type PartContract, type RawArgs, type TestCfg,
} from '../contract.js';
import {
  parsePointHead, POINT_HEAD_PARTS, pointHeadCtorArgs, pointHeadHonoured, type PointHeadArgs, type PointHeadCtorArgs,
} from '../point_head.js';

/** Constructor args of RTMDetSepBNHeadModule (num_base_priors and conv_cfg only at their defaults). */
export interface RTMDetSepBNHeadModuleArgs {
  num_classes: number;
  in_channels: number;
  widen_factor: number;
  feat_channels: number;
  stacked_convs: number;
  featmap_strides: number[];
  share_conv: boolean;
  pred_kernel_size: number;
  norm_cfg: NormArgs;
  act_cfg: string;
}

/** MMYOLO's defaults (num_classes and in_channels are required). */
export const RTMDET_HEAD_MODULE_DEFAULTS: RTMDetSepBNHeadModuleArgs = {
  num_classes: 80, in_channels: 256, widen_factor: 1.0, feat_channels: 256, stacked_convs: 2, featmap_strides: [8, 16, 32],
  share_conv: true, pred_kernel_size: 1, norm_cfg: TORCH_BN_ARGS, act_cfg: 'SiLU',
};

/** MMYOLO's model_test_cfg of RTMDet (used when a config has no test_cfg). */
export const RTMDET_TEST_CFG: TestCfg = { multiLabel: true, nmsPre: 30000, scoreThr: 0.001, iouThreshold: 0.65, maxPerImg: 300 };

function parseModuleArgs(raw: RawArgs): RTMDetSepBNHeadModuleArgs {
  const d = RTMDET_HEAD_MODULE_DEFAULTS;
  const a: RTMDetSepBNHeadModuleArgs = {
    num_classes: intArg(raw, 'num_classes', d.num_classes, [1, 1 << 20]),
    in_channels: intArg(raw, 'in_channels', d.in_channels, RANGES.channels),
    widen_factor: numArg(raw, 'widen_factor', d.widen_factor, RANGES.factor),
    feat_channels: intArg(raw, 'feat_channels', d.feat_channels, RANGES.channels),
    stacked_convs: intArg(raw, 'stacked_convs', d.stacked_convs, [0, 64]),
    featmap_strides: intListArg(raw, 'featmap_strides', d.featmap_strides, RANGES.stride),
    share_conv: boolArg(raw, 'share_conv', d.share_conv),
    pred_kernel_size: intArg(raw, 'pred_kernel_size', d.pred_kernel_size, [1, 15]),
    norm_cfg: normArg(raw, 'norm_cfg', d.norm_cfg),
    act_cfg: layerTypeArg(raw, 'act_cfg', d.act_cfg),
  };
  const missing = ['num_classes', 'in_channels'].find((k) => raw[k] === undefined);
  if (missing) throw new SpecArgError(missing, `RTMDetSepBNHeadModule needs ${missing}`);
  if (a.pred_kernel_size % 2 === 0) throw new SpecArgError('pred_kernel_size', `pred_kernel_size must be odd (padding k // 2 keeps the size), got ${a.pred_kernel_size}`);
  return a;
}

/** int(in_channels * widen_factor) on every level. */
export function rtmdetHeadInputChannels(a: RTMDetSepBNHeadModuleArgs): number[] {
  return a.featmap_strides.map(() => Math.trunc(a.in_channels * a.widen_factor));
}

function moduleLayers(a: RTMDetSepBNHeadModuleArgs, inputs: readonly FeatureMap[], prefix = ''): LayerTable {
  const rows: LayerRow[] = [];
  const groups: Record<'cls_convs' | 'reg_convs' | 'rtm_cls' | 'rtm_reg', ParamSpec[]> = { cls_convs: [], reg_convs: [], rtm_cls: [], rtm_reg: [] };
  const outputs: FeatureMap[] = [];
  const feat = Math.trunc(a.feat_channels * a.widen_factor);
  const k = a.pred_kernel_size;
  rtmdetHeadInputChannels(a).forEach((c, lvl) => {
    const x: FeatureMap = { ...(inputs[lvl] ?? { h: 1, w: 1, stride: a.featmap_strides[lvl]! }), channels: c };
    for (const [name, head, cout] of [['cls_convs', 'rtm_cls', a.num_classes], ['reg_convs', 'rtm_reg', 4]] as const) {
      let y = x;
      for (let i = 0; i < a.stacked_convs; i++) {
        const p = join(prefix, name, lvl, i);
        const b = convModule(p, y, feat, 3, 1, 1);
        // share_conv: levels after the first use level 0's conv (listed in the state_dict, counted once).
        if (a.share_conv && lvl > 0) b.params.forEach((q) => { if (q.name.endsWith('.conv.weight')) q.shared = true; });
        rows.push(rowOf(p, 'ConvModule', b));
        groups[name].push(...b.params);
        y = b.out;
      }
      const p = join(prefix, head, lvl);
      const pred = conv2d(p, y, cout, k, 1, Math.floor(k / 2), { bias: true });
      rows.push(rowOf(p, 'Conv2d', pred));
      groups[head].push(...pred.params);
      if (head === 'rtm_cls') outputs.push(pred.out);
    }
  });
  return { rows, params: [...groups.cls_convs, ...groups.reg_convs, ...groups.rtm_cls, ...groups.rtm_reg], outputs };
}

/** The tfjs RTMDetSepBNHeadModule's constructor arguments (runtime/modules/rtmdet_head/module.ts). */
export interface RTMDetSepBNHeadModuleCtorArgs {
  numClasses: number;
  /** Before widen_factor, as configs write it (one for every level). */
  inChannels: number;
  widenFactor: number;
  featChannels: number;
  stackedConvs: number;
  featmapStrides: readonly number[];
  shareConv: boolean;
  predKernelSize: number;
  norm: { eps: number; momentum: number };
}

/** Parsed args as the tfjs class takes them. */
export function rtmdetHeadModuleCtorArgs(a: RTMDetSepBNHeadModuleArgs): RTMDetSepBNHeadModuleCtorArgs {
  return {
    numClasses: a.num_classes, inChannels: a.in_channels, widenFactor: a.widen_factor, featChannels: a.feat_channels,
    stackedConvs: a.stacked_convs, featmapStrides: [...a.featmap_strides], shareConv: a.share_conv, predKernelSize: a.pred_kernel_size,
    norm: { eps: a.norm_cfg.eps, momentum: a.norm_cfg.momentum },
  };
}

/** The in_channels that makes every level expect `channels` (all equal), if one does. */
function suggest(a: RTMDetSepBNHeadModuleArgs, channels: readonly number[]): number[] | undefined {
  const c = channels[0];
  if (c === undefined || channels.some((x) => x !== c)) return undefined;
  const guess = Math.round(c / a.widen_factor);
  for (const g of [guess, guess - 1, guess + 1]) if (g > 0 && Math.trunc(g * a.widen_factor) === c) return [g];
  return undefined;
}

/** The RTMDetSepBNHeadModule contract. */
export const RTMDetSepBNHeadModuleSpec: ConsumerSpec<RTMDetSepBNHeadModuleArgs> = {
  type: 'RTMDetSepBNHeadModule',
  role: 'headModule',
  defaults: RTMDET_HEAD_MODULE_DEFAULTS,
  honoured: {
    reads: ['num_classes', 'in_channels', 'widen_factor', 'feat_channels', 'stacked_convs', 'featmap_strides', 'share_conv',
      'pred_kernel_size', 'norm_cfg', 'act_cfg'],
    inert: ['type', '_scope_', 'init_cfg'],
    onlyDefault: { num_base_priors: 1, conv_cfg: null },
  },
  layerTypes: CONV_LAYER_TYPES,
  parseArgs: parseModuleArgs,
  expectedInputs: rtmdetHeadInputChannels,
  suggestInChannels: suggest,
  outputs: (a): FeatureLevel[] => a.featmap_strides.map((stride) => ({ channels: a.num_classes, stride })),
  parameters: (a, prefix = '') => moduleLayers(a, [], prefix).params,
  layers: moduleLayers,
  runtime: (a) => ({ className: 'RTMDetSepBNHeadModule', typeArgs: [rtmdetHeadInputChannels(a)], args: [asJson(rtmdetHeadModuleCtorArgs(a))] }),
};

/** The loss dicts of RTMDetHead the runtime trains with (MMYOLO's RTMDet settings), and its priors and coder. */
export const RTMDET_HEAD_PARTS: Readonly<Record<string, PartContract>> = {
  ...POINT_HEAD_PARTS,
  prior_generator: {
    type: 'mmdet.MlvlPointGenerator',
    honoured: { reads: ['strides'], inert: ['type', '_scope_'], onlyDefault: { offset: 0 } },
  },
  loss_cls: {
    type: 'mmdet.QualityFocalLoss',
    honoured: {
      reads: ['beta', 'loss_weight'], inert: ['type', '_scope_'], onlyDefault: { reduction: 'mean', activated: false },
      requires: { use_sigmoid: { value: true, upstreamDefault: true } },
    },
  },
  loss_bbox: {
    type: 'mmdet.GIoULoss',
    honoured: { reads: ['loss_weight', 'eps'], inert: ['type', '_scope_'], onlyDefault: { reduction: 'mean' } },
  },
};

/** Args of RTMDetHead. */
export type RTMDetHeadArgs = PointHeadArgs<RTMDetSepBNHeadModuleArgs>;

/** The RTMDetHead contract: parameters live under head_module.*. */
export const RTMDetHeadSpec: ConsumerSpec<RTMDetHeadArgs> = {
  type: 'RTMDetHead',
  role: 'head',
  headModule: 'RTMDetSepBNHeadModule',
  defaults: {},
  honoured: pointHeadHonoured(['loss_cls', 'loss_bbox']),
  parts: RTMDET_HEAD_PARTS,
  parseArgs: (raw) => parsePointHead(raw, parseModuleArgs, { offset: 0, testCfg: RTMDET_TEST_CFG }),
  expectedInputs: (a) => rtmdetHeadInputChannels(a.head_module),
  suggestInChannels: (a, channels) => suggest(a.head_module, channels),
  outputs: (a): FeatureLevel[] => RTMDetSepBNHeadModuleSpec.outputs(a.head_module),
  parameters: (a, prefix = '') => RTMDetSepBNHeadModuleSpec.parameters(a.head_module, join(prefix, 'head_module')),
  layers: (a, inputs, prefix = '') => moduleLayers(a.head_module, inputs, join(prefix, 'head_module')),
  runtime: (a) => ({
    className: 'RTMDetHead', typeArgs: [rtmdetHeadInputChannels(a.head_module)], args: [asJson(pointHeadCtorArgs(a) satisfies PointHeadCtorArgs)],
  }),
};
