/**
 * Finds the detector's parts in a resolved config and parses their args with the module specs.
 * A part whose type has no spec is skipped silently (compile reports a missing runtime later);
 * a malformed shape-relevant argument is a YC5012 warning and skips the checks that need it.
 */
import {
  bareType, BACKBONE_SPECS, NECK_SPECS, SpecArgError, YOLOv5HeadModuleSpec, YOLOv5HeadSpec,
  type BackboneSpec, type ConsumerSpec, type RawArgs, type YOLOv5HeadArgs, type YOLOv5HeadModuleArgs,
} from '../../runtime/modules/contracts.js';
import type { CheckContext } from './context.js';

/** A part of the model with a spec and parsed args. */
export interface Located<S> {
  ptr: string;
  type: string;
  spec: S;
  args: unknown;
}

/** The head as the checks see it: YOLOv5HeadModule args, and YOLOv5Head's when wrapped. */
export interface HeadPart {
  ptr: string;
  /** Pointer of the head module's dict (bbox_head/head_module, or bbox_head itself). */
  modulePtr: string;
  module: YOLOv5HeadModuleArgs;
  head?: YOLOv5HeadArgs;
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
  if (headType === 'YOLOv5Head') {
    const modulePtr = `${headPtr}/head_module`;
    if (bareType(ctx.dict(modulePtr)?.type) !== 'YOLOv5HeadModule') return parts;
    const head = parse(ctx, headPtr, headType, (raw) => YOLOv5HeadSpec.parseArgs(raw));
    if (head) parts.head = { ptr: headPtr, modulePtr, module: head.head_module, head };
  } else if (headType === 'YOLOv5HeadModule') {
    const module = parse(ctx, headPtr, headType, (raw) => YOLOv5HeadModuleSpec.parseArgs(raw));
    if (module) parts.head = { ptr: headPtr, modulePtr: headPtr, module };
  }
  return parts;
}
