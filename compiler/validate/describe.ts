/** Words for messages: where a value is (dotted path), what Python type it has, what was expected. */
import type { Json } from '../frontend/values.js';
import type { ResolvedConfig } from '../types.js';

/** `/model/neck/widen_factor` -> `model.neck.widen_factor`; array indexes as `[3]`. */
export function dotted(ptr: string): string {
  if (ptr === '') return '(config)';
  let out = '';
  for (const raw of ptr.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(seg) ? `[${seg}]` : (out ? '.' : '') + seg;
  }
  return out;
}

/** The value at a JSON Pointer, or undefined. */
export function at(data: Json, ptr: string): Json | undefined {
  if (ptr === '') return data;
  let cur: Json | undefined = data;
  for (const raw of ptr.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (cur !== null && typeof cur === 'object') cur = cur[seg];
    else return undefined;
  }
  return cur;
}

/** Python's name for the type of the value at `ptr` (int vs float and tuple vs list from the side tables). */
export function pyType(cfg: ResolvedConfig, ptr: string, v: Json | undefined): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'number') return cfg.floats.has(ptr) || !Number.isInteger(v) ? 'float' : 'int';
  if (Array.isArray(v)) return cfg.tuples.has(ptr) ? 'tuple' : 'list';
  return 'dict';
}

const EXPECTED: Record<string, string> = {
  number: 'a number', integer: 'an int', string: 'a str', boolean: 'a bool',
  array: 'a list or tuple', object: 'a dict', null: 'None',
};

/** `['number', 'null']` -> `a number or None`. */
export function expectedTypes(types: readonly string[]): string {
  const words = [...new Set(types)].map((t) => EXPECTED[t] ?? t);
  return words.length <= 1 ? (words[0] ?? 'something else') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** A value as Python would print it, shortened for messages. */
export function pyRepr(v: Json | undefined): string {
  if (v === undefined || v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return `'${v.length > 40 ? v.slice(0, 40) + '…' : v}'`;
  if (typeof v === 'number') return String(v);
  const s = JSON.stringify(v);
  return s.length > 40 ? s.slice(0, 40) + '…' : s;
}
