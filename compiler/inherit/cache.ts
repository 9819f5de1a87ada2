/**
 * An in-process cache of loaded files (the result of `_file2dict` for one file and its bases),
 * for processes that resolve many configs sharing bases (a sweep over MMYOLO's configs, the
 * later phases resolving the same config again). An entry is reused only while every file it
 * read has the same text, every environment variable it read has the same value, and the
 * scopes and evaluator are the same; a hit hands out a deep copy, because a child's
 * `_base_.a.b = v` mutates the base value in place.
 */
import type { Diagnostic } from '../diagnostics/types.js';
import type { PythonFrontend } from '../frontend/load.js';
import { PyDict, PyList, PyTuple, type Py } from '../frontend/values.js';

/** What one successful load produced and depended on. */
export interface CacheEntry {
  value: PyDict;
  diagnostics: Diagnostic[];
  /** Files read, in load order, each with its chain below the loaded file (itself first). */
  files: { file: string; chain: string[] }[];
  /** Text of every file read. */
  texts: Map<string, string>;
  /** Environment variables read (undefined: read while unset). */
  env: Map<string, string | undefined>;
  scopesKey: string;
  python: PythonFrontend | null;
}

const entries = new Map<string, CacheEntry>();

/** Drops every entry (tests; long-lived processes that want a cold start). */
export function clearResolveCache(): void {
  entries.clear();
}

/** A key for a scope table, independent of insertion order. */
export function scopesKey(scopes: Record<string, string>): string {
  return JSON.stringify(Object.entries(scopes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The entry for `file` if it is still valid for these inputs. */
export function lookup(
  file: string,
  key: string,
  python: PythonFrontend | null,
  env: Record<string, string | undefined>,
  chain: readonly string[],
  readFile: (file: string) => string | undefined,
): CacheEntry | undefined {
  const e = entries.get(file);
  if (!e || e.scopesKey !== key || e.python !== python) return undefined;
  for (const [name, v] of e.env) if (env[name] !== v) return undefined;
  for (const [f, text] of e.texts) {
    if (chain.includes(f)) return undefined; // a cycle through the current chain: load afresh to report it
    if (readFile(f) !== text) return undefined;
  }
  return e;
}

/** Stores a successful load. */
export function store(file: string, entry: CacheEntry): void {
  entries.set(file, entry);
}

/** A deep copy that keeps aliasing (two keys sharing one list still share the copy). */
export function deepCopy(v: Py, memo = new Map<object, Py>()): Py {
  if (v === null || typeof v !== 'object') return v;
  const seen = memo.get(v);
  if (seen !== undefined) return seen;
  if (v instanceof PyDict) {
    const out = new PyDict();
    memo.set(v, out);
    out.span = v.span;
    for (const [k, x] of v.map) out.set(k, deepCopy(x, memo), v.spans.get(k));
    return out;
  }
  if (v instanceof PyList) {
    const out = new PyList([], v.spans.slice());
    memo.set(v, out);
    for (const x of v.items) out.items.push(deepCopy(x, memo));
    return out;
  }
  const t = v as PyTuple;
  const out = new PyTuple(t.items.map((x) => deepCopy(x, memo)), t.spans.slice());
  memo.set(t, out);
  return out;
}
