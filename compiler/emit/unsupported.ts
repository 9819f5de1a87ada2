/**
 * Which types of a config the runtime cannot execute. `check` accepts every type the schema
 * knows (MMYOLO has many); `compile` emits code that runs, so each slot the runtime builds is
 * compared with what the runtime implements: RUNTIME_TYPES and each contract's layer types
 * (runtime/modules/registry.ts: pure, so compile never loads TensorFlow.js), TRANSFORM_TYPES
 * (runtime/data/pipeline.ts), the datasets and optimizer the engine reads.
 * Every offending type is one YC6001 at the line that set it.
 */
import { contractOf, RUNTIME_TYPES } from '../../runtime/modules/registry.js';
import { TRANSFORM_TYPES } from '../../runtime/data/pipeline.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { Json } from '../frontend/values.js';
import { provenanceOf, type ResolvedConfig } from '../types.js';
import { familyVerdict, unrunnableParts } from '../validate/runtime-keys.js';

type Dict = { [k: string]: Json };

const isDict = (v: Json | undefined): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);
const bare = (t: string) => (t.includes('.') ? t.slice(t.lastIndexOf('.') + 1) : t);
const dotted = (ptr: string) => ptr.slice(1).replace(/\//g, '.');

/** Datasets the runtime's YOLOv5CocoDataset reads (runtime/data/dataset.ts). */
const DATASET_TYPES = ['YOLOv5CocoDataset', 'CocoDataset'];
/** Optimizers the engine implements (runtime/engine/setup.ts). */
const OPTIMIZER_TYPES = ['SGD'];

/**
 * One YC6001 per type without a runtime implementation, in config order; when the model itself
 * cannot run (another detector family), one YC6005 line for the whole config instead.
 */
export function findUnsupported(cfg: ResolvedConfig): Diagnostic[] {
  const types = new Map<string, string>();
  const each = findEach(cfg, types);
  const parts = unrunnableParts(cfg);
  if (!parts.length) return each;
  // The model's own slots are named by the verdict; list what else lacks a runtime (transforms, datasets).
  const others = [...new Set(each.filter((d) => !d.path!.startsWith('/model/')).map((d) => types.get(d.path!)!))];
  return [familyVerdict(cfg, 'error', others)!];
}

/** Every slot's YC6001; `types` gets each offending type by its pointer. */
function findEach(cfg: ResolvedConfig, types: Map<string, string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const slot = (d: Dict, ptr: string, allowed: readonly string[], what: string, required = true) => {
    const t = d.type;
    if (t === undefined && !required) return;
    if (typeof t === 'string' && allowed.includes(bare(t))) return;
    const tp = `${ptr}/type`;
    types.set(tp, String(t ?? 'None'));
    out.push({
      code: 'YC6001', severity: 'error', path: tp, span: provenanceOf(cfg, tp)?.span,
      message: `${dotted(ptr)}: ${what} type ${JSON.stringify(t ?? null)} has no runtime implementation`,
      fix: `use one of: ${allowed.join(', ')}`,
    });
  };
  const model = cfg.data.model;
  if (isDict(model)) {
    slot(model, '/model', RUNTIME_TYPES.detector, 'detector');
    const sub = (d: Dict, key: string, ptr: string, allowed: readonly string[], what: string) => {
      const v = d[key];
      if (isDict(v)) slot(v, `${ptr}/${key}`, allowed, what);
      return isDict(v) ? v : undefined;
    };
    const bb = sub(model, 'backbone', '/model', RUNTIME_TYPES.backbone, 'backbone');
    const neck = sub(model, 'neck', '/model', RUNTIME_TYPES.neck, 'neck');
    const head = sub(model, 'bbox_head', '/model', RUNTIME_TYPES.head, 'head');
    // A head builds the head_module type its contract names.
    const own = head ? contractOf(head.type)?.headModule : undefined;
    const hm = head ? sub(head, 'head_module', '/model/bbox_head', own ? [own] : RUNTIME_TYPES.headModule, 'head module') : undefined;
    // The activation and norm layers each contract's runtime implements (the builder refuses the same).
    for (const [d, ptr] of [[bb, '/model/backbone'], [neck, '/model/neck'], [head, '/model/bbox_head'], [hm, '/model/bbox_head/head_module']] as const) {
      if (!d) continue;
      for (const [key, allowed] of Object.entries(contractOf(d.type)?.layerTypes ?? {})) {
        const v = d[key];
        if (isDict(v)) slot(v, `${ptr}/${key}`, allowed, key === 'act_cfg' ? 'activation' : 'norm layer');
      }
    }
  }
  for (const key of ['train_dataloader', 'val_dataloader', 'test_dataloader']) {
    const dl = cfg.data[key];
    if (!isDict(dl) || !isDict(dl.dataset)) continue;
    const ds = dl.dataset;
    slot(ds, `/${key}/dataset`, DATASET_TYPES, 'dataset', false);
    if (Array.isArray(ds.pipeline)) pipeline(ds.pipeline, `/${key}/dataset/pipeline`, slot);
  }
  const ow = cfg.data.optim_wrapper;
  if (isDict(ow) && isDict(ow.optimizer)) slot(ow.optimizer, '/optim_wrapper/optimizer', OPTIMIZER_TYPES, 'optimizer', false);
  return dedupe(out);
}

function pipeline(list: Json[], ptr: string, slot: (d: Dict, ptr: string, allowed: readonly string[], what: string) => void): void {
  list.forEach((t, i) => {
    if (!isDict(t)) return;
    slot(t, `${ptr}/${i}`, TRANSFORM_TYPES, 'transform');
    // Mosaic builds its pre_transform with the same registry.
    if (Array.isArray(t.pre_transform)) pipeline(t.pre_transform, `${ptr}/${i}/pre_transform`, slot);
  });
}

/** test_dataloader is often val_dataloader: one report per source line, not one per copy. */
function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = d.span ? `${d.span.file}:${d.span.start}` : d.path!;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
