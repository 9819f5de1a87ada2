/**
 * mmyolo YOLODetector: backbone -> neck -> bbox_head, each looked up by its `type` (scope
 * prefixes such as `mmyolo.` or `mmdet.` stripped). Parameter names get the `backbone.`,
 * `neck.` and `bbox_head.` prefixes of MMYOLO's state_dict. No parameters of its own.
 */
import { inputMap, type FeatureLevel, type FeatureMap } from './bricks.spec.js';
import { dictArg, SpecArgError, type BackboneSpec, type ConsumerSpec, type LayerTable, type ModuleSpec, type RawArgs } from './contract.spec.js';
import { StarNetSpec, STARNET_PRESETS, starnetVariantSpec } from './starnet.spec.js';
import { YOLOv5CSPDarknetSpec } from './yolov5-csp-darknet.spec.js';
import { YOLOv5HeadModuleSpec, YOLOv5HeadSpec } from './yolov5-head.spec.js';
import { YOLOv5PAFPNSpec } from './yolov5-pafpn.spec.js';

/** Backbones with a spec, by registered type name. */
export const BACKBONE_SPECS: Record<string, BackboneSpec<unknown>> = {
  StarNet: StarNetSpec,
  YOLOv5CSPDarknet: YOLOv5CSPDarknetSpec,
  ...Object.fromEntries(Object.keys(STARNET_PRESETS).map((n) => [`starnet_${n}`, starnetVariantSpec(n)])),
};

/** Necks with a spec. */
export const NECK_SPECS: Record<string, ConsumerSpec<unknown>> = { YOLOv5PAFPN: YOLOv5PAFPNSpec };

/** Heads with a spec (bbox_head types). */
export const HEAD_SPECS: Record<string, ConsumerSpec<unknown>> = { YOLOv5Head: YOLOv5HeadSpec, YOLOv5HeadModule: YOLOv5HeadModuleSpec };

/** A registered type without its scope (`mmyolo.YOLOv5PAFPN` -> `YOLOv5PAFPN`). */
export function bareType(type: unknown): string | undefined {
  if (typeof type !== 'string') return undefined;
  const dot = type.lastIndexOf('.');
  return dot >= 0 ? type.slice(dot + 1) : type;
}

/** A module spec and its parsed args. */
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

function part<S extends ModuleSpec<unknown>>(raw: RawArgs, key: string, table: Record<string, S>): Part<S> {
  const d = dictArg(raw, key);
  const t = bareType(d.type);
  const spec = t === undefined ? undefined : table[t];
  if (!spec) throw new SpecArgError(`${key}/type`, `no shape spec for ${key} type ${JSON.stringify(d.type ?? null)}`);
  try {
    return { spec, args: spec.parseArgs(d) };
  } catch (e) {
    if (e instanceof SpecArgError) throw new SpecArgError(`${key}/${e.key}`, e.message);
    throw e;
  }
}

function parseArgs(raw: RawArgs): YOLODetectorArgs {
  return {
    backbone: part(raw, 'backbone', BACKBONE_SPECS),
    neck: part(raw, 'neck', NECK_SPECS),
    bbox_head: part(raw, 'bbox_head', HEAD_SPECS),
  };
}

function layers(a: YOLODetectorArgs, inputs: readonly FeatureMap[], prefix = ''): LayerTable {
  const p = (s: string) => (prefix ? `${prefix}.${s}` : s);
  const bb = a.backbone.spec.layers(a.backbone.args, inputs, p('backbone'));
  const nk = a.neck.spec.layers(a.neck.args, bb.outputs, p('neck'));
  const hd = a.bbox_head.spec.layers(a.bbox_head.args, nk.outputs, p('bbox_head'));
  return { rows: [...bb.rows, ...nk.rows, ...hd.rows], params: [...bb.params, ...nk.params, ...hd.params], outputs: hd.outputs };
}

/** The YOLODetector spec (its parts must all have specs). */
export const YOLODetectorSpec: ModuleSpec<YOLODetectorArgs> = {
  type: 'YOLODetector',
  role: 'detector',
  defaults: {},
  parseArgs,
  outputs: (a): FeatureLevel[] => {
    const bb = a.backbone.spec.outputs(a.backbone.args);
    const nk = a.neck.spec.outputs(a.neck.args, bb);
    return a.bbox_head.spec.outputs(a.bbox_head.args, nk);
  },
  parameters: (a, prefix = '') => layers(a, [inputMap(640, 640)], prefix).params,
  layers,
};
