/**
 * The shape phase: `checkShapes(cfg)` follows each feature level's channels and stride from
 * the backbone through the neck to the head using the module specs in runtime/modules (the
 * same rules the runtime builds with), without tensors, and reports every mismatch with its
 * own YC5xxx code, both sides' locations and a concrete fix. Parts without a spec are skipped,
 * and one YC5020 warning names them.
 */
import type { FeatureLevel } from '../../runtime/modules/contracts.js';
import type { PhaseResult } from '../diagnostics/types.js';
import type { ResolvedConfig } from '../types.js';
import { CheckContext } from './context.js';
import { checkClasses, checkImgScale, checkPriors } from './head.js';
import { checkBackbone, checkHeadInputs, checkNeck, checkStrides } from './levels.js';
import { findParts } from './parts.js';
import { reportUnchecked } from './unchecked.js';

/** What the shape phase learnt, for later phases (emit) and `yoloc summary`. */
export interface ShapeFacts {
  /** The levels the backbone really outputs. */
  backbone?: { type: string; levels: FeatureLevel[] };
  /** The levels the neck outputs (stride 0 where the backbone is unknown). */
  neck?: { type: string; levels: FeatureLevel[] };
  head?: { type: string; featmapStrides: number[]; numClasses: number; numBasePriors: number };
}

/** Checks a resolved config's shapes; diagnostics point at the lines that set the values. */
export function checkShapes(cfg: ResolvedConfig): PhaseResult<ShapeFacts> {
  const ctx = new CheckContext(cfg);
  const parts = findParts(ctx);
  const facts: ShapeFacts = {};
  let levels: FeatureLevel[] | undefined;
  let outOfRange = false;
  if (parts.backbone) {
    ({ levels, outOfRange } = checkBackbone(ctx, parts.backbone));
    facts.backbone = { type: parts.backbone.type, levels };
  }
  let feeding: { ptr: string; type: string; levels: FeatureLevel[] } | undefined;
  if (parts.neck) {
    const neck = parts.neck;
    checkNeck(ctx, parts.backbone, levels, neck, parts.head, outOfRange);
    const known = levels && levels.length === neck.spec.expectedInputs(neck.args).length ? levels : undefined;
    const out = neck.spec.outputs(neck.args, known).map((l) => ({ ...l, stride: known ? l.stride : 0 }));
    facts.neck = { type: neck.type, levels: out };
    feeding = { ptr: `${neck.ptr}/in_channels`, type: neck.type, levels: out };
  } else if (parts.backbone && ctx.get('/model/neck') === undefined) {
    feeding = { ptr: `${parts.backbone.ptr}/out_indices`, type: parts.backbone.type, levels: levels! };
  }
  const head = parts.head;
  if (head) {
    facts.head = {
      type: head.type, featmapStrides: head.module.featmap_strides,
      numClasses: head.module.num_classes, numBasePriors: head.module.num_base_priors,
    };
    checkPriors(ctx, head);
    checkClasses(ctx, head);
    if (feeding) checkHeadInputs(ctx, feeding, head);
    if (levels && (!parts.neck || feeding?.levels.every((l) => l.stride > 0))) checkStrides(ctx, parts, levels);
  }
  const source = parts.backbone ? { ptr: `${parts.backbone.ptr}/out_indices`, what: `${parts.backbone.type} out_indices` }
    : head ? { ptr: `${head.modulePtr}/featmap_strides`, what: 'featmap_strides' } : undefined;
  checkImgScale(ctx, levels?.map((l) => l.stride) ?? head?.module.featmap_strides ?? [], source);
  reportUnchecked(ctx);
  return { value: facts, diagnostics: ctx.diagnostics };
}
