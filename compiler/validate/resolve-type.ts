/**
 * Which registry entry a `type` string names, following MMEngine's lookup: an explicit
 * `scope.Name` looks in that scope (then the root registries of mmengine/mmcv); a bare name looks
 * in the current scope (`_scope_` of the nearest dict that sets one, else the config's
 * default_scope), then the root. Beyond MMEngine, a bare name found in no scope on that path is
 * still accepted if another known scope registers it: configs reach mmdet types through
 * registry children in ways a static check cannot follow, and a false error is worse than a
 * missed one.
 */
import { FOREIGN_SCOPES, KNOWN_SCOPES, type SchemaRegistry, type TypeEntry } from './registry.js';
import { editDistance, suggest } from './didyoumean.js';
import { isPythonPath, lookupPath } from './dotted.js';

/** The outcome of looking a `type` value up. */
export type Lookup =
  | { kind: 'found'; entry: TypeEntry }
  | { kind: 'foreign'; scope: string }
  | { kind: 'unknown-scope'; scope: string; suggestion?: string }
  | { kind: 'unknown'; suggestion?: string; near?: string[] };

function normalScope(s: string): string {
  return s === 'mmcv' ? 'mmengine' : s;
}

/** Looks `typeName` up with `scope` as the current default scope (null: mmyolo's, the usual one). */
export function lookupType(reg: SchemaRegistry, typeName: string, scope: string | null, albu: boolean): Lookup {
  // A pure-Python config's imported type: 'mmyolo.models.YOLODetector' (dotted.ts).
  if (isPythonPath(typeName)) {
    const hit = lookupPath(reg, typeName);
    if (hit.kind === 'found' || hit.kind === 'foreign') return hit;
    if (hit.kind === 'other') return { kind: 'unknown-scope', scope: hit.package };
    return { kind: 'unknown', near: hit.near };
  }
  const dot = typeName.indexOf('.');
  if (dot > 0) {
    const prefix = typeName.slice(0, dot);
    const name = typeName.slice(dot + 1);
    if ((KNOWN_SCOPES as readonly string[]).includes(prefix)) {
      const s = normalScope(prefix);
      const entry = reg.get(s, name) ?? reg.get('mmengine', name);
      if (entry) return { kind: 'found', entry };
      const pool = [...reg.names(s), ...reg.names('mmengine')];
      const hit = suggest(name, pool);
      return { kind: 'unknown', suggestion: hit ? `${prefix}.${hit}` : undefined };
    }
    if (FOREIGN_SCOPES.has(prefix)) return { kind: 'foreign', scope: prefix };
    const close = KNOWN_SCOPES.find((k) => editDistance(prefix, k) <= 2);
    return { kind: 'unknown-scope', scope: prefix, suggestion: close ? `${close}.${name}` : undefined };
  }
  if (scope && !(KNOWN_SCOPES as readonly string[]).includes(scope)) {
    // Under another package's _scope_ only MMEngine's root registries are shared with us.
    const root = reg.get('mmengine', typeName);
    return root ? { kind: 'found', entry: root } : { kind: 'foreign', scope };
  }
  const order = [albu ? 'albu' : null, scope ? normalScope(scope) : 'mmyolo', 'mmengine'];
  for (const s of order) {
    const entry = s ? reg.get(s, typeName) : undefined;
    if (entry) return { kind: 'found', entry };
  }
  const anywhere = reg.scopesOf(typeName);
  if (anywhere.length) return { kind: 'found', entry: anywhere[0]! };
  return { kind: 'unknown', suggestion: suggestType(reg, typeName) };
}

/** The closest registered spelling of a bare type name (`YOLOv5PAFPNN` -> `YOLOv5PAFPN`, `Resise` -> `mmdet.Resize`). */
function suggestType(reg: SchemaRegistry, typeName: string): string | undefined {
  const spelled = new Map<string, string>();
  for (const e of reg.entries) {
    if (!spelled.has(e.name)) spelled.set(e.name, e.scope === 'mmdet' ? `mmdet.${e.name}` : e.name);
  }
  const hit = suggest(typeName, spelled.keys());
  return hit === undefined ? undefined : spelled.get(hit);
}
