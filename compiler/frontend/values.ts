/**
 * The value model of an evaluated config: Python's values, with the distinctions MMEngine
 * keeps (int vs float, tuple vs list) and the source span that produced each entry.
 *
 *   None -> null, bool -> boolean, int -> bigint, float -> number, str -> string,
 *   list -> PyList, tuple -> PyTuple, dict -> PyDict (insertion-ordered, string keys).
 *
 * Provenance lives in the containers: PyDict.spans[key] and PyList/PyTuple.spans[i] say where
 * that entry's value was written (after merging, the file that won).
 */
import type { Span } from '../diagnostics/types.js';

export type Py = null | boolean | bigint | number | string | PyList | PyTuple | PyDict;

export class PyList {
  constructor(public items: Py[], public spans: (Span | undefined)[] = []) {}
}

export class PyTuple {
  constructor(public readonly items: readonly Py[], public spans: (Span | undefined)[] = []) {}
}

export class PyDict {
  readonly map = new Map<string, Py>();
  readonly spans = new Map<string, Span>();
  /** Where the dict literal itself is. */
  span?: Span;
  /** An MMEngine ConfigDict rather than a plain dict (the values a config reads from its bases):
   *  its update() merges nested dicts and a dict written into it is copied (ConfigDict._hook). */
  declare configDict?: boolean;
  get(key: string): Py | undefined {
    return this.map.get(key);
  }
  set(key: string, value: Py, span?: Span): void {
    this.map.set(key, value);
    if (span) this.spans.set(key, span);
    else this.spans.delete(key);
  }
  delete(key: string): void {
    this.map.delete(key);
    this.spans.delete(key);
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
  keys(): IterableIterator<string> {
    return this.map.keys();
  }
}

/** Python's type name of a value, for messages ("unsupported operand type(s): 'str' and 'NoneType'"). */
export function pyTypeName(v: Py): string {
  if (v === null) return 'NoneType';
  switch (typeof v) {
    case 'boolean': return 'bool';
    case 'bigint': return 'int';
    case 'number': return 'float';
    case 'string': return 'str';
  }
  if (v instanceof PyList) return 'list';
  if (v instanceof PyTuple) return 'tuple';
  return 'dict';
}

/** JSON-compatible form (what `Config.to_dict()` then `json.dumps` gives): tuples become arrays. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function toJson(v: Py): Json {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof PyList || v instanceof PyTuple) return v.items.map(toJson);
  // fromEntries defines own properties: a config key '__proto__' stays a key (an assignment
  // would set the object's prototype instead).
  return Object.fromEntries([...v.map].map(([k, x]) => [k, toJson(x)]));
}
