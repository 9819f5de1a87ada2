/**
 * Types named by Python path. A pure-Python config imports its types (`from mmyolo.models import
 * YOLODetector`, `dict(type=YOLODetector)`), and MMEngine's to_dict() prints them as the dotted
 * path 'mmyolo.models.YOLODetector'. yoloc's registry knows them by registered name, so:
 *  - lookupPath: a path of a package yoloc implements (mmyolo, mmdet, mmengine, mmcv, and torch's
 *    layers and optimizers through MMEngine's root registry) names the registered type of its
 *    last segment (`torch.nn.SyncBatchNorm` is 'SyncBN', as mmcv registers it);
 *  - canonicalTypes: the config the later phases (check, summary, compile, train) read, with
 *    every such path written as a classic config writes the type (`YOLODetector` in the default
 *    scope, `mmdet.YOLOAnchorGenerator` in another), so a pure-Python config and its classic twin
 *    check, compile and train alike. `resolve` keeps MMEngine's dotted paths.
 */
import { PyDict, PyList, PyTuple, toJson, type Json, type Py } from '../frontend/values.js';
import type { ResolvedConfig } from '../types.js';
import { editDistance } from './didyoumean.js';
import { FOREIGN_SCOPES, type SchemaRegistry, type TypeEntry } from './registry.js';

/** Packages whose registries the schema describes, and the registry scope of each. */
const PACKAGE_SCOPE: Record<string, string> = { mmyolo: 'mmyolo', mmdet: 'mmdet', mmengine: 'mmengine', mmcv: 'mmengine', torch: 'mmengine' };

/** torch.nn classes mmcv registers under other names. */
const TORCH_ALIASES: Record<string, string> = {
  SyncBatchNorm: 'SyncBN', BatchNorm1d: 'BN1d', BatchNorm2d: 'BN', BatchNorm3d: 'BN3d', GroupNorm: 'GN', LayerNorm: 'LN',
  InstanceNorm1d: 'IN1d', InstanceNorm2d: 'IN', InstanceNorm3d: 'IN3d',
};

/** `a.b.C`: at least three identifiers (a scoped classic type, `mmdet.Resize`, has two). */
export function isPythonPath(s: string): boolean {
  return /^[A-Za-z_]\w*(\.[A-Za-z_]\w*){2,}$/.test(s);
}

/** What a Python path names. */
export type PathLookup =
  | { kind: 'found'; entry: TypeEntry }
  | { kind: 'unknown'; package: string; name: string; near: string[] }
  | { kind: 'foreign'; scope: string }
  | { kind: 'other'; package: string };

/** The registered type a Python path names, or why there is none. */
export function lookupPath(reg: SchemaRegistry, p: string): PathLookup {
  const parts = p.split('.');
  const pkg = parts[0]!;
  let name = parts.at(-1)!;
  const scope = PACKAGE_SCOPE[pkg];
  if (!scope) return FOREIGN_SCOPES.has(pkg) ? { kind: 'foreign', scope: pkg } : { kind: 'other', package: pkg };
  if (pkg === 'torch') name = TORCH_ALIASES[name] ?? name;
  const entry = reg.get(scope, name) ?? (scope !== 'mmengine' ? reg.get('mmengine', name) : undefined);
  if (entry) return { kind: 'found', entry };
  const pool = [...new Set([...reg.names(scope), ...(scope !== 'mmengine' ? reg.names('mmengine') : [])])];
  const near = pool
    .map((n) => ({ n, d: editDistance(name.toLowerCase(), n.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || (a.n < b.n ? -1 : 1))
    .slice(0, 3)
    .map((x) => x.n);
  return { kind: 'unknown', package: pkg, name, near };
}

/** How a classic config with this default scope writes the type. */
function spelling(entry: TypeEntry, defaultScope: string): string {
  return entry.scope === 'mmengine' || entry.scope === defaultScope ? entry.name : `${entry.scope}.${entry.name}`;
}

function mayNeed(v: Py): boolean {
  if (typeof v === 'string') return isPythonPath(v) && v.split('.')[0]! in PACKAGE_SCOPE;
  if (v instanceof PyList || v instanceof PyTuple) return v.items.some(mayNeed);
  if (v instanceof PyDict) {
    for (const x of v.map.values()) if (mayNeed(x)) return true;
  }
  return false;
}

/** The config with known Python paths written as registered types (the same object when it
 *  has none, as every classic config). */
export function canonicalTypes(registry: SchemaRegistry | (() => SchemaRegistry), cfg: ResolvedConfig): ResolvedConfig {
  if (!mayNeed(cfg.value)) return cfg;
  const reg = typeof registry === 'function' ? registry() : registry;
  const ds = cfg.value.get('default_scope');
  const defaultScope = typeof ds === 'string' ? ds : 'mmyolo';
  const rewrite = (v: Py): Py => {
    if (typeof v === 'string') {
      if (!isPythonPath(v)) return v;
      const hit = lookupPath(reg, v);
      return hit.kind === 'found' ? spelling(hit.entry, defaultScope) : v;
    }
    if (v instanceof PyList) return new PyList(v.items.map(rewrite), v.spans.slice());
    if (v instanceof PyTuple) return new PyTuple(v.items.map(rewrite), v.spans.slice());
    if (v instanceof PyDict) {
      const out = new PyDict();
      out.span = v.span;
      for (const [k, x] of v.map) out.set(k, rewrite(x), v.spans.get(k));
      return out;
    }
    return v;
  };
  const value = rewrite(cfg.value) as PyDict;
  return { ...cfg, value, data: toJson(value) as { [k: string]: Json } };
}
