/**
 * The contract of a module type (pure TypeScript, no tfjs): its parsed arguments with MMYOLO's
 * constructor defaults, the keys the runtime honours, output levels, parameter table, layer rows
 * and the runtime class it builds with which constructor arguments. The tfjs class, the builder
 * (runtime/model/build.ts), `check` (compiler/check) and `emit` (compiler/emit/lower.ts) all read
 * it, so they cannot disagree. Also the argument readers that turn a config dict (plain JSON: ints
 * arrive as numbers) into typed args; a malformed argument throws SpecArgError naming the key, so
 * the compiler can point at the line and the runtime can refuse cleanly.
 */
import type { FeatureLevel, FeatureMap, LayerRow, ParamSpec } from './symbolic.js';
import { unwidenChannels } from './scaling.js';

/** A config value as JSON. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A config dict as JSON (what ResolvedConfig.data holds at a module's pointer). */
export type RawArgs = Record<string, unknown>;

/** An argument a spec cannot use; `key` is relative to the module's dict. */
export class SpecArgError extends Error {
  constructor(readonly key: string, message: string) {
    super(message);
    this.name = 'SpecArgError';
  }
}

/** Where a module type sits in the detector (`headModule`: a head's `head_module`). */
export type ModuleRole = 'backbone' | 'neck' | 'head' | 'headModule' | 'detector';

/** Which keys of a module dict the runtime honours (runtime/modules/honoured.ts applies it). */
export interface HonouredKeys {
  /** Keys the runtime builder (or the loss, for a head's loss dicts) reads and implements. */
  reads: readonly string[];
  /** Keys with no effect on what is built or trained (initialisation, registry bookkeeping). */
  inert: readonly string[];
  /** Keys implemented only at MMYOLO's default: any other value is refused. */
  onlyDefault: Readonly<Record<string, Json>>;
  /** Keys the runtime implements at one value that is not the upstream default: it must be set so. */
  requires?: Readonly<Record<string, { value: Json; upstreamDefault: Json }>>;
  /** Why keys outside these lists are refused, for the message. */
  note?: string;
  /** Other keys have no effect upstream either (a **kwargs that swallows them): the schema warns (YC4003). */
  swallowsKwargs?: boolean;
}

/** A config dict the module holds (a head's loss, prior generator, coder): the type the runtime computes and its keys. */
export interface PartContract {
  /** The registered type the runtime implements, with its registry scope (`mmdet.CrossEntropyLoss`). */
  type: string;
  honoured: HonouredKeys;
}

/** The runtime class a module builds with and its constructor arguments (camelCase), as emit spells them out. */
export interface RuntimeCall {
  className: string;
  /** Channel tuples of the class's type parameters. */
  typeArgs: number[][];
  /** Positional constructor arguments (most classes take one dict; a head takes its head module first, then these). */
  args: Json[];
}

/** What building a module symbolically yields for `yoloc summary` and the runtime. */
export interface LayerTable {
  rows: LayerRow[];
  outputs: FeatureMap[];
  params: ParamSpec[];
}

/** One module type's whole contract: args, honoured keys, output levels, parameters, layers, runtime call. */
export interface ModuleSpec<A> {
  type: string;
  role: ModuleRole;
  /** Other registered names that build this module (StarNet's `starnet_s050` ...), each with its own parse. */
  aliases?: Readonly<Record<string, (raw: RawArgs) => A>>;
  /** MMYOLO's constructor defaults (required arguments have none). */
  defaults: Partial<A>;
  /** The keys of its config dict the runtime honours. */
  honoured: HonouredKeys;
  /** The layer types of sub-dicts (`act_cfg`, `norm_cfg`) the runtime implements, by key. */
  layerTypes?: Readonly<Record<string, readonly string[]>>;
  /** Sub-dicts the runtime reads with a type of their own (a head's losses and prior generator), by key. */
  parts?: Readonly<Record<string, PartContract>>;
  /** A head's `head_module` type (the module it holds and builds with). */
  headModule?: string;
  /** Typed args from a config dict (defaults filled in); throws SpecArgError. */
  parseArgs(raw: RawArgs): A;
  /** Channels and stride of each output level; `inputs` are the levels fed in (neck, head). */
  outputs(args: A, inputs?: readonly FeatureLevel[]): FeatureLevel[];
  /** state_dict names (relative to `prefix`) and PyTorch shapes, in registration order. */
  parameters(args: A, prefix?: string): ParamSpec[];
  /** Summary rows at the given input maps (the image for a backbone or detector). */
  layers(args: A, inputs: readonly FeatureMap[], prefix?: string): LayerTable;
  /** The runtime class and constructor arguments (absent: the type has no runtime implementation). */
  runtime?(args: A): RuntimeCall;
}

/** A backbone also says every level out_indices could pick, by index. */
export interface BackboneSpec<A> extends ModuleSpec<A> {
  role: 'backbone';
  candidates(args: A): FeatureLevel[];
  /** The out_indices as written (before range filtering). */
  outIndices(args: A): number[];
}

/** A neck or head also says what channels it expects on each input level (after widening). */
export interface ConsumerSpec<A> extends ModuleSpec<A> {
  role: 'neck' | 'head' | 'headModule';
  expectedInputs(args: A): number[];
  /** The in_channels value that makes expectedInputs equal `channels` (undefined if none can). */
  suggestInChannels(args: A, channels: readonly number[]): number[] | undefined;
}

/** in_channels (before widening) giving these channels after make_divisible, if all exist. */
export function unwidenAll(channels: readonly number[], widenFactor: number): number[] | undefined {
  const out = channels.map((c) => unwidenChannels(c, widenFactor));
  return out.every((c) => c !== undefined) ? (out as number[]) : undefined;
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** Inclusive bounds; they keep absurd configs (widen_factor 0, depth 1e9) from hanging a check. */
export type Range = readonly [number, number];

function inRange(key: string, v: number, range: Range | undefined): number {
  if (range && (v < range[0] || v > range[1])) throw new SpecArgError(key, `${key} must be between ${range[0]} and ${range[1]}, got ${v}`);
  return v;
}

/** An integer argument (bool is not an int here, though Python allows it). */
export function intArg(raw: RawArgs, key: string, def: number, range?: Range): number {
  const v = raw[key];
  if (v === undefined) return def;
  if (typeof v !== 'number') throw new SpecArgError(key, `${key} must be a number, got ${JSON.stringify(v)}`);
  if (!isInt(v)) throw new SpecArgError(key, `${key} must be an integer, got ${JSON.stringify(v)}`);
  return inRange(key, v, range);
}

/** True or False. */
export function boolArg(raw: RawArgs, key: string, def: boolean): boolean {
  const v = raw[key];
  if (v === undefined || v === null) return def;
  if (typeof v !== 'boolean') throw new SpecArgError(key, `${key} must be True or False, got ${JSON.stringify(v)}`);
  return v;
}

/** norm_cfg as the runtime's BatchNorm reads it: eps and momentum (PyTorch's defaults for keys it leaves out). */
export interface NormArgs {
  type: string;
  eps: number;
  momentum: number;
}

/** A norm_cfg argument; `def` when absent (the module's default norm_cfg). */
export function normArg(raw: RawArgs, key: string, def: NormArgs): NormArgs {
  const v = raw[key];
  if (v === undefined || v === null) return { ...def };
  if (typeof v !== 'object' || Array.isArray(v)) throw new SpecArgError(key, `${key} must be a dict`);
  const d = v as RawArgs;
  const num = (k: string, dflt: number) => {
    const x = d[k];
    if (x === undefined || x === null) return dflt;
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new SpecArgError(`${key}/${k}`, `${k} must be a number, got ${JSON.stringify(x)}`);
    return x;
  };
  return { type: typeof d.type === 'string' ? d.type : 'BN', eps: num('eps', 1e-5), momentum: num('momentum', 0.1) };
}

/** The `type` of an act_cfg-like dict argument (`def` when absent). */
export function layerTypeArg(raw: RawArgs, key: string, def: string): string {
  const v = raw[key];
  if (v === undefined || v === null) return def;
  if (typeof v !== 'object' || Array.isArray(v)) throw new SpecArgError(key, `${key} must be a dict`);
  const t = (v as RawArgs).type;
  return typeof t === 'string' ? t : def;
}

/** MMYOLO's YOLO BatchNorm (momentum 0.03, eps 0.001), the default norm_cfg of most of its modules. */
export const YOLO_BN_ARGS: NormArgs = { type: 'BN', eps: 1e-3, momentum: 0.03 };

/** A float or int argument. */
export function numArg(raw: RawArgs, key: string, def: number, range?: Range): number {
  const v = raw[key];
  if (v === undefined) return def;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new SpecArgError(key, `${key} must be a number, got ${JSON.stringify(v)}`);
  return inRange(key, v, range);
}

/** A list/tuple of integers, each within `range` when given. */
export function intListArg(raw: RawArgs, key: string, def: readonly number[], range?: Range, maxLength = 64): number[] {
  const v = raw[key];
  if (v === undefined) return [...def];
  if (!Array.isArray(v) || !v.every(isInt)) throw new SpecArgError(key, `${key} must be a list of integers, got ${JSON.stringify(v)}`);
  if (v.length > maxLength) throw new SpecArgError(key, `${key} has ${v.length} entries; at most ${maxLength} are supported`);
  for (const x of v) inRange(key, x, range);
  return [...v];
}

/** Bounds shared by the specs. */
export const RANGES = {
  factor: [1e-6, 16] as Range,
  channels: [1, 1 << 20] as Range,
  blocks: [0, 1000] as Range,
  stride: [1, 1 << 16] as Range,
};

/** A list of numbers (ints or floats). */
export function numListArg(raw: RawArgs, key: string, def: readonly number[]): number[] {
  const v = raw[key];
  if (v === undefined) return [...def];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) throw new SpecArgError(key, `${key} must be a list of numbers, got ${JSON.stringify(v)}`);
  return [...v];
}

/** An int or a list of ints (YOLOv5HeadModule.in_channels). */
export function intOrListArg(raw: RawArgs, key: string, def: number | readonly number[], range?: Range): number | number[] {
  const v = raw[key];
  if (v === undefined) return typeof def === 'number' ? def : [...def];
  if (isInt(v)) return inRange(key, v, range);
  return intListArg(raw, key, [], range);
}

/** A string argument. */
export function strArg(raw: RawArgs, key: string, def: string): string {
  const v = raw[key];
  if (v === undefined) return def;
  if (typeof v !== 'string') throw new SpecArgError(key, `${key} must be a string, got ${JSON.stringify(v)}`);
  return v;
}

/** A nested dict argument ({} when absent). */
export function dictArg(raw: RawArgs, key: string): RawArgs {
  const v = raw[key];
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new SpecArgError(key, `${key} must be a dict`);
  return v as RawArgs;
}

/** Anchors: levels of (w, h) pairs, as YOLOAnchorGenerator's base_sizes. */
export function anchorsArg(raw: RawArgs, key: string, def: readonly (readonly (readonly number[])[])[]): number[][][] {
  const v = raw[key];
  if (v === undefined) return def.map((l) => l.map((a) => [...a]));
  const ok = Array.isArray(v) && v.every((l) => Array.isArray(l) &&
    l.every((a) => Array.isArray(a) && a.length === 2 && a.every((x) => typeof x === 'number')));
  if (!ok) throw new SpecArgError(key, `${key} must be a list of levels of (w, h) pairs`);
  return (v as number[][][]).map((l) => l.map((a) => [...a]));
}

/** A registered type without its scope (`mmyolo.YOLOv5PAFPN` -> `YOLOv5PAFPN`). */
export function bareType(type: unknown): string | undefined {
  if (typeof type !== 'string') return undefined;
  const dot = type.lastIndexOf('.');
  return dot >= 0 ? type.slice(dot + 1) : type;
}

/** Runs `parse` on a nested dict argument, prefixing the key of any SpecArgError with `key/`. */
export function nested<A>(key: string, parse: () => A): A {
  try {
    return parse();
  } catch (e) {
    if (e instanceof SpecArgError) throw new SpecArgError(`${key}/${e.key}`, e.message);
    throw e;
  }
}

/** Constructor arguments (plain data: numbers, strings, arrays, dicts) as Json, for RuntimeCall. */
export function asJson(x: object): Json {
  return x as unknown as Json;
}

/** The activation and norm layers the runtime's ConvModule implements (SiLU after BN or SyncBN). */
export const CONV_LAYER_TYPES: Readonly<Record<string, readonly string[]>> = { act_cfg: ['SiLU'], norm_cfg: ['BN', 'SyncBN'] };

/** The test_cfg of a head's predict_by_feat (decode, score filter, NMS), camelCased as the runtime's predict reads it. */
export interface TestCfg {
  multiLabel: boolean;
  nmsPre: number;
  scoreThr: number;
  iouThreshold: number;
  maxPerImg: number;
}

/** A test_cfg dict; what it leaves out (or gives in a form predict cannot use) takes `def`'s value. */
export function testCfgArg(raw: RawArgs, key: string, def: TestCfg): TestCfg {
  const v = raw[key];
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { ...def };
  const cfg = v as RawArgs;
  const nms = (cfg.nms && typeof cfg.nms === 'object' && !Array.isArray(cfg.nms) ? cfg.nms : {}) as RawArgs;
  const num = (x: unknown, d: number) => (typeof x === 'number' ? x : d);
  return {
    multiLabel: typeof cfg.multi_label === 'boolean' ? cfg.multi_label : def.multiLabel,
    nmsPre: num(cfg.nms_pre, def.nmsPre),
    scoreThr: num(cfg.score_thr, def.scoreThr),
    iouThreshold: num(nms.iou_threshold, def.iouThreshold),
    maxPerImg: num(cfg.max_per_img, def.maxPerImg),
  };
}

/** mmyolo BaseBackbone's arguments every staged backbone takes (plugins only at None). */
export interface BaseBackboneArgs {
  deepen_factor: number;
  widen_factor: number;
  input_channels: number;
  out_indices: number[];
  frozen_stages: number;
  norm_eval: boolean;
  norm_cfg: NormArgs;
  act_cfg: string;
}

/** Reads BaseBackbone's arguments with `d`'s defaults. */
export function parseBaseBackbone(raw: RawArgs, d: BaseBackboneArgs): BaseBackboneArgs {
  return {
    deepen_factor: numArg(raw, 'deepen_factor', d.deepen_factor, RANGES.factor),
    widen_factor: numArg(raw, 'widen_factor', d.widen_factor, RANGES.factor),
    input_channels: intArg(raw, 'input_channels', d.input_channels, RANGES.channels),
    out_indices: intListArg(raw, 'out_indices', d.out_indices),
    frozen_stages: intArg(raw, 'frozen_stages', d.frozen_stages),
    norm_eval: boolArg(raw, 'norm_eval', d.norm_eval),
    norm_cfg: normArg(raw, 'norm_cfg', d.norm_cfg),
    act_cfg: layerTypeArg(raw, 'act_cfg', d.act_cfg),
  };
}

/** BaseBackbone's arguments as the tfjs staged backbones take them (runtime/modules/staged_backbone.ts). */
export interface StagedBackboneCtorArgs {
  deepenFactor: number;
  widenFactor: number;
  inputChannels: number;
  outIndices: readonly number[];
  norm: { eps: number; momentum: number };
  /** Layers 0..frozenStages (0 = stem) get no gradients and run their BatchNorms in eval mode; -1: none. */
  frozenStages: number;
  /** Every BatchNorm of the backbone in eval mode while training (running statistics fixed). */
  normEval: boolean;
}

/** BaseBackbone's parsed arguments as the tfjs class takes them. */
export function stagedBackboneCtorArgs(a: BaseBackboneArgs): StagedBackboneCtorArgs {
  return {
    deepenFactor: a.deepen_factor, widenFactor: a.widen_factor, inputChannels: a.input_channels, outIndices: [...a.out_indices],
    norm: { eps: a.norm_cfg.eps, momentum: a.norm_cfg.momentum }, frozenStages: a.frozen_stages, normEval: a.norm_eval,
  };
}

/** The BaseBackbone keys every staged backbone's runtime reads. */
export const BASE_BACKBONE_READS = ['deepen_factor', 'widen_factor', 'input_channels', 'out_indices', 'frozen_stages', 'norm_eval', 'norm_cfg', 'act_cfg'];

/** Torch's BatchNorm2d defaults (mmcv's dict(type='BN') without eps or momentum). */
export const TORCH_BN_ARGS: NormArgs = { type: 'BN', eps: 1e-5, momentum: 0.1 };
