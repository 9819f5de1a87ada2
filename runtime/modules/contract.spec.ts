/**
 * The contract every module spec fulfils (pure TypeScript, no tfjs), and the argument readers
 * that turn a config dict (plain JSON: ints arrive as numbers) into typed args with MMYOLO's
 * constructor defaults. A malformed argument throws SpecArgError naming the key, so the
 * compiler can point at the line and the runtime can refuse cleanly.
 */
import type { FeatureLevel, FeatureMap, LayerRow, ParamSpec } from './bricks.spec.js';
import { unwidenChannels } from './scaling.js';

/** A config dict as JSON (what ResolvedConfig.data holds at a module's pointer). */
export type RawArgs = Record<string, unknown>;

/** An argument a spec cannot use; `key` is relative to the module's dict. */
export class SpecArgError extends Error {
  constructor(readonly key: string, message: string) {
    super(message);
    this.name = 'SpecArgError';
  }
}

/** Where a spec sits in the detector. */
export type ModuleRole = 'backbone' | 'neck' | 'head' | 'detector';

/** What building a module symbolically yields for `yoloc summary` and the runtime. */
export interface LayerTable {
  rows: LayerRow[];
  outputs: FeatureMap[];
  params: ParamSpec[];
}

/** One module type's whole shape contract: args, output levels, parameters, layers. */
export interface ModuleSpec<A> {
  type: string;
  role: ModuleRole;
  /** MMYOLO's constructor defaults (required arguments have none). */
  defaults: Partial<A>;
  /** Typed args from a config dict (defaults filled in); throws SpecArgError. */
  parseArgs(raw: RawArgs): A;
  /** Channels and stride of each output level; `inputs` are the levels fed in (neck, head). */
  outputs(args: A, inputs?: readonly FeatureLevel[]): FeatureLevel[];
  /** state_dict names (relative to `prefix`) and PyTorch shapes, in registration order. */
  parameters(args: A, prefix?: string): ParamSpec[];
  /** Summary rows at the given input maps (the image for a backbone or detector). */
  layers(args: A, inputs: readonly FeatureMap[], prefix?: string): LayerTable;
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
  role: 'neck' | 'head';
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
  if (!isInt(v)) throw new SpecArgError(key, `${key} must be an integer, got ${JSON.stringify(v)}`);
  return inRange(key, v, range);
}

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
