/**
 * buildDetector(modelCfg): a YOLODetector from the resolved config's `model` dict (plain JSON,
 * MMYOLO's snake_case keys), through each part's contract (runtime/modules/<type>/contract.ts):
 * the keys it honours, its parsed arguments and the runtime call `compile` writes into model.ts.
 * Types without a runtime implementation are a YC7001, bad arguments a YC7002, each naming the
 * config path (`model.backbone.type`).
 */
import { YolocError } from '../errors.js';
import { SpecArgError, testCfgArg, type ModuleSpec, type RawArgs, type TestCfg } from '../modules/contract.js';
import { contractOf, RUNTIME_TYPES } from '../modules/registry.js';
import { unhonouredKeys, unhonouredParts } from '../modules/honoured.js';
import { BUILDERS } from '../modules/builders.js';
import { YOLOV5_TEST_CFG } from '../modules/yolov5_head/contract.js';
import type { Module } from '../nn/module.js';
import { YOLODetector } from './detector.js';
import type { Backbone, Channels, Head, Neck } from './contracts.js';

/** A config dict as JSON. */
export type Dict = Record<string, unknown>;

/** Types we implement, by config `type` (scope prefixes like `mmdet.` are ignored): the registry's. */
export const SUPPORTED_TYPES = RUNTIME_TYPES;

type Slot = keyof typeof RUNTIME_TYPES;

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

/** A contract's argument error as YC7002 at the config path (`model.backbone.base_dim must be ...`). */
function argError(path: string, e: SpecArgError): YolocError {
  const segs = e.key.split('/').filter(Boolean);
  const local = segs.at(-1);
  const owner = [path, ...segs.slice(0, -1)].join('.');
  if (local && e.message.startsWith(`${local} `)) return new YolocError('YC7002', `${owner}.${e.message}`);
  return new YolocError('YC7002', `${segs.length ? `${owner}.${local}` : path}: ${e.message}`);
}

/**
 * Parses `cfg` with its contract, recording the keys the parse reads: reading a key the contract's
 * honoured list does not declare, or not reading one it declares, would make check and the runtime
 * disagree, so it is an internal error (the list cannot drift from the parse).
 */
function parseTracked<A>(contract: ModuleSpec<A>, type: string, cfg: Dict): A {
  const read = new Set<string>();
  const tracked = new Proxy(cfg, { get: (t, k) => { if (typeof k === 'string') read.add(k); return Reflect.get(t, k); } });
  const args = (contract.aliases?.[type] ?? contract.parseArgs)(tracked as RawArgs);
  const h = contract.honoured;
  const stray = [...read].filter((k) => !h.reads.includes(k) && !h.inert.includes(k));
  const unread = h.reads.filter((k) => !read.has(k) && !(k in (contract.parts ?? {})));
  if (stray.length || unread.length) {
    throw new Error(`contract ${contract.type}: its parse reads ${stray.join(', ') || 'no unlisted key'} beyond its honoured list and never reads ${unread.join(', ') || 'nothing listed'}`);
  }
  return args;
}

/** Builds one part (`slot` says which types are allowed there); a head gets its head module built first. */
function buildPart(cfg: Dict, path: string, slot: Slot, extra: Dict = {}): Module {
  const type = typeOf(cfg, path, RUNTIME_TYPES[slot]);
  const contract = contractOf(type)!;
  // The module's own keys and its loss/prior dicts: the same verdict as check (honoured.ts).
  const refused = [...unhonouredKeys(type, cfg), ...unhonouredParts(type, cfg)];
  if (refused.length) {
    throw new YolocError('YC7002', `${path}: ${refused.map((u) => u.message).join('; ')}`, undefined, refused.map((u) => u.fix).join('; '));
  }
  for (const [key, allowed] of Object.entries(contract.layerTypes ?? {})) {
    const d = cfg[key];
    if (d === undefined || d === null) continue;
    const t = dict(d, `${path}.${key}`).type;
    if (typeof t !== 'string' || !allowed.includes(t)) {
      throw new YolocError('YC7001', `${path}.${key} type '${String(t)}' has no runtime implementation (${allowed.length === 1 ? `${allowed[0]} only` : allowed.join(', ')})`);
    }
  }
  const headModule = slot === 'head' ? buildHeadModule(contract, dict(cfg.head_module, `${path}.head_module`), `${path}.head_module`) : undefined;
  try {
    let args: unknown;
    try {
      args = parseTracked(contract, type, { ...cfg, ...extra });
    } catch (e) {
      if (e instanceof SpecArgError) throw argError(path, e);
      throw e;
    }
    const call = contract.runtime!(args);
    return construct(path, () => BUILDERS[call.className]!(call, { headModule }));
  } catch (e) {
    headModule?.dispose();
    throw e;
  }
}

/** A head's head_module: the type its contract names (YOLOv8Head builds YOLOv8HeadModule). */
function buildHeadModule(head: ModuleSpec<unknown>, cfg: Dict, path: string): Module {
  const own = head.headModule!;
  typeOf(cfg, path, [own]);
  return buildPart(cfg, path, 'headModule');
}

/** Runs a module constructor, turning its argument errors into YC7002 at `path`. */
export function construct<T>(path: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof YolocError) throw e;
    throw new YolocError('YC7002', `${path}: ${(e as Error).message}`);
  }
}

/** Builds the backbone of `cfg` (model.backbone). */
export function buildBackbone(cfg: Dict, path = 'model.backbone'): Backbone<Channels> {
  return buildPart(cfg, path, 'backbone') as Backbone<Channels>;
}

/** Builds the neck (model.neck). */
export function buildNeck(cfg: Dict, path = 'model.neck'): Neck<Channels, Channels> {
  return buildPart(cfg, path, 'neck') as Neck<Channels, Channels>;
}

/** Builds the head (model.bbox_head) with its head module and the model's test_cfg. */
export function buildHead(cfg: Dict, testCfg: Dict | undefined, path = 'model.bbox_head'): Head<Channels> {
  return buildPart(cfg, path, 'head', testCfg === undefined ? {} : { test_cfg: testCfg }) as Head<Channels>;
}

/** test_cfg (snake_case JSON) with MMYOLO's YOLOv5 defaults for what it leaves out. */
export function testCfgOf(cfg: Dict | undefined): TestCfg {
  return testCfgArg({ test_cfg: cfg }, 'test_cfg', YOLOV5_TEST_CFG);
}

/** A YOLODetector from the `model` dict of a resolved config. */
export function buildDetector(modelCfg: Dict): YOLODetector<Channels, Channels> {
  typeOf(modelCfg, 'model', RUNTIME_TYPES.detector);
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
