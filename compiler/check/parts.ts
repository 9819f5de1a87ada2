/**
 * Finds the detector's parts in a resolved config and parses their args with the module specs.
 * A part whose type has no spec is skipped silently (compile reports a missing runtime later);
 * a malformed shape-relevant argument is a YC5012 warning and skips the checks that need it.
 */
import {
  bareType, BACKBONE_SPECS, HEAD_SPECS, NECK_SPECS, SpecArgError,
  type BackboneSpec, type ConsumerSpec, type RawArgs, type YOLOv5HeadArgs,
} from '../../runtime/modules/contracts.js';
import type { CheckContext } from './context.js';

/** A part of the model with a spec and parsed args. */
export interface Located<S> {
  ptr: string;
  type: string;
  spec: S;
  args: unknown;
}

/** What every head module's args say that the checks read. */
export interface HeadModuleFacts {
  num_classes: number;
  featmap_strides: number[];
  widen_factor: number;
  num_base_priors: number;
  in_channels: number | number[];
}

/** The head as the checks see it: its contract and args, its module's facts, and YOLOv5Head's anchors when it has them. */
export interface HeadPart {
  ptr: string;
  /** The bbox_head's type, and its head module's (the same when bbox_head is a head module). */
  type: string;
  moduleType: string;
  /** Pointer of the head module's dict (bbox_head/head_module, or bbox_head itself). */
  modulePtr: string;
  spec: ConsumerSpec<unknown>;
  args: unknown;
  module: HeadModuleFacts;
  /** YOLOv5Head's args (anchors, obj_level_weights). */
  head?: YOLOv5HeadArgs;
  /** prior_generator.strides of a head that has a prior generator. */
  priorStrides?: number[];
}

/** The facts of a head module's parsed args (every head module contract has these names). */
function moduleFacts(m: Record<string, unknown>): HeadModuleFacts {
  return {
    num_classes: m.num_classes as number, featmap_strides: m.featmap_strides as number[], widen_factor: m.widen_factor as number,
    num_base_priors: typeof m.num_base_priors === 'number' ? m.num_base_priors : 1, in_channels: m.in_channels as number | number[],
  };
}

/** The parts found under /model (absent: no such part, no spec, or malformed). */
export interface ModelParts {
  backbone?: Located<BackboneSpec<unknown>>;
  neck?: Located<ConsumerSpec<unknown>>;
  head?: HeadPart;
}

function parse<A>(ctx: CheckContext, ptr: string, type: string, f: (raw: RawArgs) => A): A | undefined {
  try {
    return f(ctx.dict(ptr) as RawArgs);
  } catch (e) {
    if (!(e instanceof SpecArgError)) throw e;
    const at = `${ptr}/${e.key}`;
    ctx.report('YC5012', 'warning', ctx.get(at) === undefined ? ptr : at,
      `${type} at ${ptr.slice(1).replace(/\//g, '.')}: ${e.message}; its shapes were not checked`,
      `give ${e.key.replace(/\//g, '.')} the form ${type} expects`);
    return undefined;
  }
}

function locate<S extends { parseArgs(raw: RawArgs): unknown }>(
  ctx: CheckContext, ptr: string, table: Record<string, S>,
): Located<S> | undefined {
  const d = ctx.dict(ptr);
  const type = bareType(d?.type);
  const spec = type === undefined ? undefined : table[type];
  if (!d || !type || !spec) return undefined;
  const args = parse(ctx, ptr, type, (raw) => spec.parseArgs(raw));
  return args === undefined ? undefined : { ptr, type, spec, args };
}

/** The backbone, neck and head of a YOLODetector config that have specs. */
export function findParts(ctx: CheckContext): ModelParts {
  const model = ctx.dict('/model');
  if (!model || bareType(model.type) !== 'YOLODetector') return {};
  const parts: ModelParts = {
    backbone: locate(ctx, '/model/backbone', BACKBONE_SPECS),
    neck: locate(ctx, '/model/neck', NECK_SPECS),
  };
  const headPtr = '/model/bbox_head';
  const headType = bareType(ctx.dict(headPtr)?.type);
  const spec = headType === undefined ? undefined : HEAD_SPECS[headType];
  if (!headType || !spec) return parts;
  if (spec.headModule) {
    // A head checks its head_module's channels only when that module is the one the head builds with.
    const modulePtr = `${headPtr}/head_module`;
    if (bareType(ctx.dict(modulePtr)?.type) !== spec.headModule) return parts;
    const args = parse(ctx, headPtr, headType, (raw) => spec.parseArgs(raw)) as Record<string, unknown> | undefined;
    if (!args) return parts;
    parts.head = {
      ptr: headPtr, type: headType, moduleType: spec.headModule, modulePtr, spec, args,
      module: moduleFacts(args.head_module as Record<string, unknown>),
      head: headType === 'YOLOv5Head' ? args as unknown as YOLOv5HeadArgs : undefined,
      priorStrides: Array.isArray(args.prior_strides) ? args.prior_strides as number[] : undefined,
    };
  } else {
    const args = parse(ctx, headPtr, headType, (raw) => spec.parseArgs(raw)) as Record<string, unknown> | undefined;
    if (args) parts.head = { ptr: headPtr, type: headType, moduleType: headType, modulePtr: headPtr, spec, args, module: moduleFacts(args) };
  }
  return parts;
}
