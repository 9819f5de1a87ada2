/**
 * Head-side checks: anchors against num_base_priors (YC5006), per-level lists against the
 * head's level count (YC5005), num_classes against the dataset's classes (YC5007), and
 * img_scale against the largest stride (YC5008).
 */
import path from 'node:path';
import type { RelatedInfo, Span } from '../diagnostics/types.js';
import type { Json } from '../frontend/values.js';
import { pyList, pyTuple, type CheckContext } from './context.js';
import type { HeadPart } from './parts.js';

/** Anchors per level vs num_base_priors, and every per-level list vs the level count. */
export function checkPriors(ctx: CheckContext, head: HeadPart): void {
  const h = head.head;
  if (!h) return;
  const n = head.module.featmap_strides.length;
  const fsPtr = `${head.modulePtr}/featmap_strides`;
  const bsPtr = `${head.ptr}/prior_generator/base_sizes`;
  const psPtr = `${head.ptr}/prior_generator/strides`;
  const owPtr = `${head.ptr}/obj_level_weights`;
  const nbPtr = `${head.modulePtr}/num_base_priors`;
  const levelLists: [string, string, number][] = [
    [bsPtr, 'prior_generator.base_sizes (anchors)', h.base_sizes.length],
    [psPtr, 'prior_generator.strides', h.prior_strides.length],
    [owPtr, 'obj_level_weights', h.obj_level_weights.length],
  ];
  for (const [ptr, what, len] of levelLists) {
    if (len !== n) {
      ctx.report('YC5005', 'error', ptr,
        `${what} has ${len} level${len === 1 ? '' : 's'} but the head has ${n} (featmap_strides ${ctx.show(fsPtr)})`,
        `give ${what.split(' ')[0]} one entry per level (${n})`, [ctx.related(fsPtr, 'featmap_strides set here')]);
    }
  }
  const counts = h.base_sizes.map((l) => l.length);
  const nb = head.module.num_base_priors;
  const bad = counts.findIndex((c) => c !== nb);
  if (bad >= 0) {
    const uniform = counts.every((c) => c === counts[0]);
    ctx.report('YC5006', 'error', nbPtr,
      `num_base_priors is ${nb} but the anchors have ${pyList(counts)} per level: the head's convs would predict ${nb} boxes per cell for ${counts[bad]} anchors`,
      uniform ? `set num_base_priors to ${counts[0]}` : `give every level of base_sizes ${nb} anchors`,
      [ctx.related(bsPtr, 'anchors set here')]);
  }
}

/** The dataset dicts of the dataloaders, unwrapping dataset wrappers (dataset.dataset). */
function datasetPointers(ctx: CheckContext): string[] {
  const out: string[] = [];
  for (const dl of ['train_dataloader', 'val_dataloader', 'test_dataloader']) {
    let ptr = `/${dl}/dataset`;
    for (let depth = 0; depth < 5 && ctx.dict(ptr); depth++) {
      out.push(ptr);
      ptr = `${ptr}/dataset`;
    }
  }
  return out;
}

/** num_classes of the head vs len(metainfo.classes) of each dataset that declares classes. */
export function checkClasses(ctx: CheckContext, head: HeadPart): void {
  const ncPtr = `${head.modulePtr}/num_classes`;
  const nc = head.module.num_classes;
  const seen = new Set<string>();
  for (const ds of datasetPointers(ctx)) {
    const ptr = `${ds}/metainfo/classes`;
    const classes: Json | undefined = ctx.get(ptr);
    if (!Array.isArray(classes) || !classes.every((c) => typeof c === 'string')) continue;
    if (classes.length === nc) continue;
    const rel = ctx.related(ptr, `${plural(classes.length)} set here (${ptr.slice(1).replace(/\//g, '.')})`);
    const key = rel.span ? `${rel.span.file}:${rel.span.start}` : ptr;
    if (seen.has(key)) continue;
    seen.add(key);
    const loader = ds.slice(1).split('/')[0]!;
    if (inherited(ctx, ncPtr)) {
      overrideInChild(ctx, ncPtr, nc, loader, classes.length, rel, ctx.origin(ptr)?.at(-1));
      continue;
    }
    ctx.report('YC5007', 'error', ncPtr,
      `the head predicts num_classes=${nc} but ${loader} has ${plural(classes.length)}`,
      `set num_classes to ${classes.length}`, [rel]);
  }
}

function plural(n: number): string {
  return `${n} class${n === 1 ? '' : 'es'}`;
}

/** Whether the value at `ptr` was set in a base rather than in the config being checked. */
function inherited(ctx: CheckContext, ptr: string): boolean {
  const p = ctx.cfg.provenance.get(ptr);
  return p !== undefined && p.span.file !== ctx.cfg.file;
}

/**
 * num_classes left at a base's value: the fix belongs in the config being checked, not in the
 * base (which other configs share). A child's own `num_classes = 1` does not reach a base's
 * model dict, which the base evaluated with its own variable (MMEngine evaluates each file on
 * its own), so the child must override the model key itself.
 */
function overrideInChild(
  ctx: CheckContext, ncPtr: string, nc: number, loader: string, n: number, classesAt: RelatedInfo, classesOrigin: Span | undefined,
): void {
  const cfg = ctx.cfg;
  const inChild = (sp: Span | undefined): Span | undefined => (sp && sp.file === cfg.file ? sp : undefined);
  const childVar = cfg.value.get('num_classes') === BigInt(n) ? inChild(cfg.value.spans.get('num_classes')) : undefined;
  const childModel = inChild(cfg.value.spans.get('model'));
  const value = childVar ? 'num_classes' : String(n);
  const keys = ncPtr.split('/').slice(2); // below /model
  const nested = keys.slice(0, -1).reduceRight((inner, k) => `${k}=dict(${inner})`, `${keys.at(-1)}=${value}`);
  const key = keys.join('.');
  const fix = childModel
    ? `in the model = dict(...) at line ${childModel.line}, add ${nested}`
    : `add this line to ${path.basename(cfg.file)}: model = dict(${nested})`;
  const base = ctx.related(ncPtr, `num_classes=${nc} set here, in a base`);
  const origin = ctx.origin(ncPtr)?.at(-1);
  const related: RelatedInfo[] = [base];
  if (origin) related.push({ message: `num_classes = ${nc} assigned here`, span: origin });
  related.push(classesAt);
  const message = childVar
    ? `num_classes = ${n} in this config does not reach model.${key}, which is still ${nc} from a base (a base's model dict uses the base's own num_classes): override it in this config`
    : `the head predicts num_classes=${nc}, inherited from a base, but ${loader} has ${plural(n)}: override model.${key} in this config`;
  // At the line the user wrote in this config: its num_classes, its classes, its model, or its top.
  const span = childVar ?? inChild(classesOrigin) ?? inChild(classesAt.span) ?? childModel ?? { file: cfg.file, start: 0, end: 0, line: 1, col: 1 };
  ctx.diagnostics.push({ code: 'YC5007', severity: 'error', message, span, path: ncPtr, fix, related });
}

/** img_scale (top-level, (w, h) or an int) must be divisible by the largest stride. */
export function checkImgScale(ctx: CheckContext, strides: readonly number[], source?: { ptr: string; what: string }): void {
  const v = ctx.get('/img_scale');
  const sizes = typeof v === 'number' ? [v] : Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : undefined;
  if (!sizes || !strides.length) return;
  const s = Math.max(...strides);
  if (sizes.every((x) => Number.isInteger(x) && x % s === 0)) return;
  const fixed = sizes.map((x) => Math.max(s, Math.round(x / s) * s));
  ctx.report('YC5008', 'error', '/img_scale',
    `img_scale ${ctx.show('/img_scale')} is not divisible by the largest stride ${s}: upsampled feature maps would not line up with the lateral ones in the neck`,
    `set img_scale to ${typeof v === 'number' ? fixed[0] : pyTuple(fixed)}`,
    source ? [ctx.related(source.ptr, `${source.what} (strides ${pyList(strides)}) set here`)] : []);
}
