/**
 * buildDetector(modelCfg): a YOLODetector from the resolved config's `model` dict (plain JSON,
 * MMYOLO's snake_case keys). Types without a runtime implementation are a YC7001, bad
 * arguments a YC7002, each naming the config path (`model.backbone.type`).
 */
import { YolocError } from '../errors.js';
import type { NormCfg } from '../modules/conv_module.js';
import { StarNet, STARNET_ARCHS } from '../modules/starnet.js';
import { YOLOv5CSPDarknet } from '../modules/yolov5_csp_darknet.js';
import { YOLOv5PAFPN } from '../modules/yolov5_pafpn.js';
import { DEFAULT_ANCHORS, DEFAULT_TEST_CFG, YOLOv5Head, YOLOv5HeadModule, type TestCfg } from '../modules/yolov5_head.js';
import { YOLODetector } from './detector.js';
import type { Backbone, Channels, Neck } from './contracts.js';
import { construct, readArgs, type Dict } from './cfg_args.js';
import { RUNTIME_TYPES, unhonouredHeadParts, unhonouredKeys } from '../modules/honoured.js';

/** Types we implement, by config `type` (scope prefixes like `mmdet.` are ignored): the one list in honoured.ts. */
export const SUPPORTED_TYPES = RUNTIME_TYPES;

function typeOf(cfg: Dict, path: string, allowed: readonly string[]): string {
  const t = cfg.type;
  if (typeof t !== 'string') throw new YolocError('YC7002', `${path}.type is missing or not a string`);
  const bare = t.includes('.') ? t.slice(t.lastIndexOf('.') + 1) : t;
  if (!allowed.includes(bare)) {
    throw new YolocError('YC7001', `${path}.type '${t}' has no runtime implementation`, undefined,
      `supported here: ${allowed.join(', ')}`);
  }
  return bare;
}

function dict(v: unknown, path: string): Dict {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new YolocError('YC7002', `${path} must be a dict`);
  return v as Dict;
}

function normOf(a: ReturnType<typeof readArgs>, path: string, dflt?: NormCfg): NormCfg | undefined {
  const n = a.optDict('norm_cfg');
  const act = a.optDict('act_cfg');
  if (act && act.type !== 'SiLU') throw new YolocError('YC7001', `${path}.act_cfg type '${String(act.type)}' has no runtime implementation (SiLU only)`);
  if (!n) return dflt;
  if (n.type !== 'BN' && n.type !== 'SyncBN') throw new YolocError('YC7001', `${path}.norm_cfg type '${String(n.type)}' has no runtime implementation (BN, SyncBN)`);
  return { eps: typeof n.eps === 'number' ? n.eps : 1e-5, momentum: typeof n.momentum === 'number' ? n.momentum : 0.1 };
}

/** Builds the backbone of `cfg` (model.backbone). */
export function buildBackbone(cfg: Dict, path = 'model.backbone'): Backbone<Channels> {
  const type = typeOf(cfg, path, SUPPORTED_TYPES.backbone);
  const a = readArgs(cfg, path, type);
  if (type === 'YOLOv5CSPDarknet') {
    const arch = a.optString('arch') ?? 'P5';
    if (arch !== 'P5' && arch !== 'P6') throw new YolocError('YC7002', `${path}.arch must be 'P5' or 'P6', got '${arch}'`);
    const args = {
      arch, deepenFactor: a.optNumber('deepen_factor'), widenFactor: a.optNumber('widen_factor'),
      inputChannels: a.optNumber('input_channels'), outIndices: a.optInts('out_indices'), norm: normOf(a, path),
      frozenStages: a.optNumber('frozen_stages'), normEval: a.optBool('norm_eval'),
    } as const;
    a.finish();
    return construct(path, () => new YOLOv5CSPDarknet(args));
  }
  const preset = type.startsWith('starnet_') ? STARNET_ARCHS[type.slice('starnet_'.length)] : undefined;
  const arch = a.optString('arch');
  const named = arch !== undefined ? STARNET_ARCHS[arch] : preset;
  if (arch !== undefined && !named) throw new YolocError('YC7002', `${path}.arch '${arch}' is not a StarNet variant (${Object.keys(STARNET_ARCHS).join(', ')})`);
  const args = {
    baseDim: a.optNumber('base_dim') ?? named?.baseDim, depths: a.optInts('depths') ?? named?.depths,
    mlpRatio: a.optNumber('mlp_ratio') ?? named?.mlpRatio, outIndices: a.optInts('out_indices'),
    dropPathRate: a.optNumber('drop_path_rate'),
  };
  a.finish();
  return construct(path, () => new StarNet(args));
}

/** Builds the neck (model.neck). */
export function buildNeck(cfg: Dict, path = 'model.neck'): Neck<Channels, Channels> {
  const type = typeOf(cfg, path, SUPPORTED_TYPES.neck);
  const a = readArgs(cfg, path, type);
  const args = {
    inChannels: a.ints('in_channels'), deepenFactor: a.optNumber('deepen_factor'), widenFactor: a.optNumber('widen_factor'),
    numCspBlocks: a.optNumber('num_csp_blocks'), norm: normOf(a, path), freezeAll: a.optBool('freeze_all'),
  };
  a.finish();
  return construct(path, () => new YOLOv5PAFPN(args));
}

/** Builds the head (model.bbox_head) with its priors and the model's test_cfg. */
export function buildHead(cfg: Dict, testCfg: Dict | undefined, path = 'model.bbox_head'): YOLOv5Head<Channels> {
  const type = typeOf(cfg, path, SUPPORTED_TYPES.head);
  // The head's own keys and its loss/prior dicts: the same verdict as check (honoured.ts).
  const refused = [...unhonouredKeys(type, cfg), ...unhonouredHeadParts(cfg)];
  if (refused.length) {
    throw new YolocError('YC7002', `${path}: ${refused.map((u) => u.message).join('; ')}`, undefined, refused.map((u) => u.fix).join('; '));
  }
  const hmPath = `${path}.head_module`;
  const hmCfg = dict(cfg.head_module, hmPath);
  const hmType = typeOf(hmCfg, hmPath, SUPPORTED_TYPES.headModule);
  const m = readArgs(hmCfg, hmPath, hmType);
  const ic = hmCfg.in_channels;
  const hmArgs = {
    numClasses: m.number('num_classes'), inChannels: typeof ic === 'number' ? m.number('in_channels') : m.ints('in_channels'),
    widenFactor: m.optNumber('widen_factor'), numBasePriors: m.optNumber('num_base_priors'), featmapStrides: m.optInts('featmap_strides'),
  };
  m.finish();
  const hm = construct(hmPath, () => new YOLOv5HeadModule(hmArgs));
  const pg = cfg.prior_generator === undefined ? undefined : dict(cfg.prior_generator, `${path}.prior_generator`);
  const anchors = (pg?.base_sizes as number[][][] | undefined) ?? DEFAULT_ANCHORS;
  const strides = (pg?.strides as number[] | undefined) ?? hm.featmapStrides;
  return construct(path, () => new YOLOv5Head(hm, anchors, strides, testCfgOf(testCfg)));
}

/** test_cfg (snake_case JSON) with MMYOLO's YOLOv5 defaults for what it leaves out. */
export function testCfgOf(cfg: Dict | undefined): TestCfg {
  if (!cfg) return DEFAULT_TEST_CFG;
  const nms = (cfg.nms ?? {}) as Dict;
  const num = (v: unknown, d: number) => (typeof v === 'number' ? v : d);
  return {
    multiLabel: typeof cfg.multi_label === 'boolean' ? cfg.multi_label : DEFAULT_TEST_CFG.multiLabel,
    nmsPre: num(cfg.nms_pre, DEFAULT_TEST_CFG.nmsPre),
    scoreThr: num(cfg.score_thr, DEFAULT_TEST_CFG.scoreThr),
    iouThreshold: num(nms.iou_threshold, DEFAULT_TEST_CFG.iouThreshold),
    maxPerImg: num(cfg.max_per_img, DEFAULT_TEST_CFG.maxPerImg),
  };
}

/** A YOLODetector from the `model` dict of a resolved config. */
export function buildDetector(modelCfg: Dict): YOLODetector<Channels, Channels> {
  typeOf(modelCfg, 'model', SUPPORTED_TYPES.detector);
  const backbone = buildBackbone(dict(modelCfg.backbone, 'model.backbone'));
  const neck = buildNeck(dict(modelCfg.neck, 'model.neck'));
  const tc = modelCfg.test_cfg === undefined ? undefined : dict(modelCfg.test_cfg, 'model.test_cfg');
  const head = buildHead(dict(modelCfg.bbox_head, 'model.bbox_head'), tc);
  try {
    return new YOLODetector(backbone, neck, head);
  } catch (e) {
    throw new YolocError('YC7002', `model: ${(e as Error).message}`, undefined,
      'make make_divisible(neck.in_channels[i], widen_factor) equal the backbone output channels');
  }
}
