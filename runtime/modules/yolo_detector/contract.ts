/**
 * mmyolo YOLODetector: backbone -> neck -> bbox_head, each looked up by its `type` in the
 * registry (scope prefixes such as `mmyolo.` or `mmdet.` stripped). Parameter names get the
 * `backbone.`, `neck.` and `bbox_head.` prefixes of MMYOLO's state_dict. No parameters of its own.
 * As SingleStageDetector does, the model's test_cfg (and train_cfg) replace the head's own.
 */
import { inputMap, type FeatureLevel, type FeatureMap } from '../symbolic.js';
import {
  bareType, dictArg, SpecArgError, type BackboneSpec, type ConsumerSpec, type LayerTable, type ModuleSpec, type RawArgs,
} from '../contract.js';
import { BACKBONE_SPECS, HEAD_SPECS, NECK_SPECS } from '../registry.js';

export { bareType } from '../contract.js';

/** A module contract and its parsed args. */
export interface Part<S> {
  spec: S;
  args: unknown;
}

/** Parsed YOLODetector args. */
export interface YOLODetectorArgs {
  backbone: Part<BackboneSpec<unknown>>;
  neck: Part<ConsumerSpec<unknown>>;
  bbox_head: Part<ConsumerSpec<unknown>>;
}

function part<S extends ModuleSpec<unknown>>(raw: RawArgs, key: string, table: Record<string, S>, extra: RawArgs = {}): Part<S> {
  const d = dictArg(raw, key);
  const t = bareType(d.type);
  const spec = t === undefined ? undefined : table[t];
  if (!spec) throw new SpecArgError(`${key}/type`, `no shape spec for ${key} type ${JSON.stringify(d.type ?? null)}`);
  try {
    return { spec, args: spec.parseArgs({ ...d, ...extra }) };
  } catch (e) {
    if (e instanceof SpecArgError) throw new SpecArgError(`${key}/${e.key}`, e.message);
    throw e;
  }
}

function parseArgs(raw: RawArgs): YOLODetectorArgs {
  // SingleStageDetector: bbox_head.update(train_cfg=train_cfg); bbox_head.update(test_cfg=test_cfg).
  const cfgs: RawArgs = {};
  if (raw.train_cfg !== undefined) cfgs.train_cfg = raw.train_cfg;
  if (raw.test_cfg !== undefined) cfgs.test_cfg = raw.test_cfg;
  return {
    backbone: part(raw, 'backbone', BACKBONE_SPECS),
    neck: part(raw, 'neck', NECK_SPECS),
    bbox_head: part(raw, 'bbox_head', HEAD_SPECS, cfgs),
  };
}

function layers(a: YOLODetectorArgs, inputs: readonly FeatureMap[], prefix = ''): LayerTable {
  const p = (s: string) => (prefix ? `${prefix}.${s}` : s);
  const bb = a.backbone.spec.layers(a.backbone.args, inputs, p('backbone'));
  const nk = a.neck.spec.layers(a.neck.args, bb.outputs, p('neck'));
  const hd = a.bbox_head.spec.layers(a.bbox_head.args, nk.outputs, p('bbox_head'));
  return { rows: [...bb.rows, ...nk.rows, ...hd.rows], params: [...bb.params, ...nk.params, ...hd.params], outputs: hd.outputs };
}

/** The YOLODetector contract (its parts must all have contracts). */
export const YOLODetectorSpec: ModuleSpec<YOLODetectorArgs> = {
  type: 'YOLODetector',
  role: 'detector',
  defaults: {},
  honoured: { reads: ['backbone', 'neck', 'bbox_head', 'train_cfg', 'test_cfg'], inert: ['type', '_scope_', 'data_preprocessor', 'init_cfg'], onlyDefault: {} },
  parseArgs,
  outputs: (a): FeatureLevel[] => {
    const bb = a.backbone.spec.outputs(a.backbone.args);
    const nk = a.neck.spec.outputs(a.neck.args, bb);
    return a.bbox_head.spec.outputs(a.bbox_head.args, nk);
  },
  parameters: (a, prefix = '') => layers(a, [inputMap(640, 640)], prefix).params,
  layers,
};
