/**
 * Lowers a resolved config's `model` dict to the constructor calls model.ts spells out: the
 * runtime class, every argument with the value buildDetector (runtime/model/build.ts) would
 * use (defaults made explicit), and the channel tuples that become type arguments. Channel
 * tuples are computed from each module's own arguments, so parts that disagree produce types
 * that disagree, and tsc reports the wiring line.
 */
import type { Json } from '../frontend/values.js';
import { makeDivisible } from '../../runtime/modules/scaling.js';
import { STARNET_PRESETS } from '../../runtime/modules/starnet.spec.js';
import { YOLOV5_ARCH_SETTINGS } from '../../runtime/modules/yolov5-csp-darknet.spec.js';
import { YOLOV5_DEFAULT_ANCHORS } from '../../runtime/modules/yolov5-head.spec.js';

type Dict = { [k: string]: Json };

/** One `new Class<TypeArgs>({ args })` of model.ts. */
export interface ModuleCall {
  className: string;
  /** Channel tuples, one per type parameter. */
  typeArgs: number[][];
  /** Constructor arguments, camelCased as the runtime's Args interfaces. */
  args: Dict;
  /** JSON Pointer of the config dict it comes from. */
  ptr: string;
}

/** The detector as model.ts builds it. */
export interface ModelIR {
  backbone: ModuleCall;
  neck: ModuleCall;
  headModule: ModuleCall;
  head: { ptr: string; channels: number[]; anchors: number[][][]; strides: number[]; testCfg: Dict };
}

/** A value lowering cannot use: the pointer and why. */
export class LowerError extends Error {
  constructor(readonly ptr: string, message: string) {
    super(message);
  }
}

// MMYOLO's defaults as the runtime applies them (runtime/modules/*.ts constructors).
const YOLO_BN = { eps: 0.001, momentum: 0.03 };
const DEFAULT_TEST_CFG = { multiLabel: true, nmsPre: 30000, scoreThr: 0.001, iouThreshold: 0.65, maxPerImg: 300 };

const isDict = (v: Json | undefined): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);
const bare = (t: string) => (t.includes('.') ? t.slice(t.lastIndexOf('.') + 1) : t);

function dictAt(parent: Dict, key: string, ptr: string): Dict {
  const v = parent[key];
  if (!isDict(v)) throw new LowerError(`${ptr}/${key}`, `${ptr.slice(1).replace(/\//g, '.')}.${key} must be a dict`);
  return v;
}

/** Typed reads with the pointer in every error. */
function reader(d: Dict, ptr: string) {
  const fail = (key: string, want: string) => new LowerError(`${ptr}/${key}`, `${key} must be ${want}, got ${JSON.stringify(d[key])}`);
  const present = (key: string) => d[key] !== undefined && d[key] !== null;
  return {
    num(key: string, dflt: number): number {
      if (!present(key)) return dflt;
      const v = d[key];
      if (typeof v !== 'number') throw fail(key, 'a number');
      return v;
    },
    ints(key: string, dflt?: number[]): number[] {
      if (!present(key)) {
        if (dflt) return [...dflt];
        throw new LowerError(`${ptr}/${key}`, `${key} is required`);
      }
      const v = d[key];
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isInteger(x))) throw fail(key, 'a list of integers');
      return v as number[];
    },
    bool(key: string, dflt: boolean): boolean {
      if (!present(key)) return dflt;
      const v = d[key];
      if (typeof v !== 'boolean') throw fail(key, 'True or False');
      return v;
    },
    str(key: string, dflt: string): string {
      if (!present(key)) return dflt;
      const v = d[key];
      if (typeof v !== 'string') throw fail(key, 'a string');
      return v;
    },
  };
}

/** norm_cfg as the runtime reads it: BN/SyncBN eps and momentum (YOLO_BN when absent). */
function norm(d: Dict, ptr: string): Dict {
  const n = d.norm_cfg;
  if (!isDict(n)) return { ...YOLO_BN };
  const r = reader(n, `${ptr}/norm_cfg`);
  return { eps: r.num('eps', 1e-5), momentum: r.num('momentum', 0.1) };
}

function lowerBackbone(d: Dict, ptr: string): ModuleCall {
  const type = bare(String(d.type));
  const r = reader(d, ptr);
  if (type === 'YOLOv5CSPDarknet') {
    const arch = r.str('arch', 'P5');
    if (arch !== 'P5' && arch !== 'P6') throw new LowerError(`${ptr}/arch`, `arch must be 'P5' or 'P6', got '${arch}'`);
    const w = r.num('widen_factor', 1);
    const outIndices = r.ints('out_indices', [2, 3, 4]);
    const settings = YOLOV5_ARCH_SETTINGS[arch];
    const channels = [makeDivisible(settings[0]![0], w), ...settings.map((s) => makeDivisible(s[1], w))];
    return {
      className: 'YOLOv5CSPDarknet', ptr, typeArgs: [outIndices.map((i) => channels[i] ?? 0)],
      args: {
        arch, deepenFactor: r.num('deepen_factor', 1), widenFactor: w, inputChannels: r.num('input_channels', 3),
        outIndices, norm: norm(d, ptr), frozenStages: r.num('frozen_stages', -1), normEval: r.bool('norm_eval', false),
      },
    };
  }
  const presetName = type.startsWith('starnet_') ? type.slice('starnet_'.length) : undefined;
  const archName = d.arch === undefined || d.arch === null ? presetName : r.str('arch', '');
  const preset = archName !== undefined ? STARNET_PRESETS[archName] : undefined;
  if (archName !== undefined && !preset) throw new LowerError(`${ptr}/arch`, `'${archName}' is not a StarNet variant`);
  const baseDim = r.num('base_dim', preset?.base_dim ?? 32);
  const outIndices = r.ints('out_indices', [0, 1, 2]);
  return {
    className: 'StarNet', ptr, typeArgs: [outIndices.map((i) => baseDim * 2 ** i)],
    args: {
      baseDim, depths: r.ints('depths', preset?.depths ?? [3, 3, 12, 5]), mlpRatio: r.num('mlp_ratio', preset?.mlp_ratio ?? 4),
      outIndices, dropPathRate: r.num('drop_path_rate', 0),
    },
  };
}

function lowerNeck(d: Dict, ptr: string): ModuleCall {
  const r = reader(d, ptr);
  const inChannels = r.ints('in_channels');
  const w = r.num('widen_factor', 1);
  const scaled = inChannels.map((c) => makeDivisible(c, w));
  return {
    className: 'YOLOv5PAFPN', ptr, typeArgs: [scaled, scaled],
    args: {
      inChannels, deepenFactor: r.num('deepen_factor', 1), widenFactor: w, numCspBlocks: r.num('num_csp_blocks', 1), norm: norm(d, ptr),
      freezeAll: r.bool('freeze_all', false),
    },
  };
}

function lowerHeadModule(d: Dict, ptr: string): ModuleCall {
  const r = reader(d, ptr);
  if (typeof d.num_classes !== 'number') throw new LowerError(`${ptr}/num_classes`, 'num_classes is required');
  const featmapStrides = r.ints('featmap_strides', [8, 16, 32]);
  const ic = d.in_channels;
  const inChannels = typeof ic === 'number' ? featmapStrides.map(() => ic) : r.ints('in_channels');
  const w = r.num('widen_factor', 1);
  return {
    className: 'YOLOv5HeadModule', ptr, typeArgs: [inChannels.map((c) => makeDivisible(c, w))],
    args: { numClasses: d.num_classes, inChannels: ic as Json, widenFactor: w, numBasePriors: r.num('num_base_priors', 3), featmapStrides },
  };
}

/** model.test_cfg as the runtime's TestCfg (testCfgOf in runtime/model/build.ts). */
function lowerTestCfg(model: Dict): Dict {
  const t = model.test_cfg;
  if (!isDict(t)) return { ...DEFAULT_TEST_CFG };
  const nms = isDict(t.nms) ? t.nms : {};
  const num = (v: Json | undefined, dflt: number) => (typeof v === 'number' ? v : dflt);
  return {
    multiLabel: typeof t.multi_label === 'boolean' ? t.multi_label : DEFAULT_TEST_CFG.multiLabel,
    nmsPre: num(t.nms_pre, DEFAULT_TEST_CFG.nmsPre),
    scoreThr: num(t.score_thr, DEFAULT_TEST_CFG.scoreThr),
    iouThreshold: num(nms.iou_threshold, DEFAULT_TEST_CFG.iouThreshold),
    maxPerImg: num(t.max_per_img, DEFAULT_TEST_CFG.maxPerImg),
  };
}

/** Lowers `model` (the resolved config's dict); throws LowerError on a value it cannot use. */
export function lowerModel(model: Json | undefined): ModelIR {
  if (!isDict(model)) throw new LowerError('/model', 'the config has no model dict');
  const backbone = lowerBackbone(dictAt(model, 'backbone', '/model'), '/model/backbone');
  const neck = lowerNeck(dictAt(model, 'neck', '/model'), '/model/neck');
  const headCfg = dictAt(model, 'bbox_head', '/model');
  const headModule = lowerHeadModule(dictAt(headCfg, 'head_module', '/model/bbox_head'), '/model/bbox_head/head_module');
  const pg = isDict(headCfg.prior_generator) ? headCfg.prior_generator : {};
  const anchors = (Array.isArray(pg.base_sizes) ? pg.base_sizes : YOLOV5_DEFAULT_ANCHORS) as number[][][];
  const strides = Array.isArray(pg.strides) ? (pg.strides as number[]) : (headModule.args.featmapStrides as number[]);
  return {
    backbone, neck, headModule,
    head: { ptr: '/model/bbox_head', channels: headModule.typeArgs[0]!, anchors, strides, testCfg: lowerTestCfg(model) },
  };
}
