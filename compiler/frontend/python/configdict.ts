/**
 * MMEngine's ConfigDict, the dict a config reads its bases through (`_base_` in a classic
 * config, every imported base value in a pure-Python one), where it behaves unlike a dict:
 *  - a dict or list written into it is copied (`ConfigDict._hook`: plain dicts become
 *    ConfigDicts, lists and tuples new ones), so later writes to the original do not show;
 *  - `update()` merges nested dicts instead of replacing them, `merge()` is MMEngine's merge
 *    with `_delete_`, `pop(k)` gives None for a missing key, `copy()` hooks its values;
 *  - the bases reach the child as a tree: `_dict_to_config_dict` copies every container, so two
 *    keys of a base that shared one list (`pipeline=train_pipeline`) no longer share it.
 */
import type { Span } from '../../diagnostics/types.js';
import { PyDict, PyList, PyTuple, type Py } from '../values.js';
import { PyError } from './objects.js';

const MAX_DEPTH = 1000;

function tooDeep(): never {
  throw new PyError('YC2902', 'a dict or list nests too deeply (or contains itself) to be copied into a ConfigDict', true);
}

/** `ConfigDict._hook(value)`: what a ConfigDict stores when `value` is written into it. */
export function hook(v: Py, depth = 0): Py {
  if (depth > MAX_DEPTH) tooDeep();
  if (v instanceof PyDict) return v.configDict ? v : toConfigDict(v, depth + 1);
  if (v instanceof PyList) return new PyList(v.items.map((x) => hook(x, depth + 1)), v.spans.slice());
  if (v instanceof PyTuple) return new PyTuple(v.items.map((x) => hook(x, depth + 1)), v.spans.slice());
  return v;
}

/** `ConfigDict(d)`: a new ConfigDict holding d's values, hooked. */
export function toConfigDict(d: PyDict, depth = 0): PyDict {
  const out = new PyDict();
  out.configDict = true;
  out.span = d.span;
  for (const [k, x] of d.map) out.set(k, hook(x, depth), d.spans.get(k));
  return out;
}

/** `_dict_to_config_dict(v)`: every dict a new ConfigDict, every list and tuple a new one. */
export function configTree(v: Py, depth = 0): Py {
  if (depth > MAX_DEPTH) tooDeep();
  if (v instanceof PyDict) {
    const out = new PyDict();
    out.configDict = true;
    out.span = v.span;
    for (const [k, x] of v.map) out.set(k, configTree(x, depth + 1), v.spans.get(k));
    return out;
  }
  if (v instanceof PyList) return new PyList(v.items.map((x) => configTree(x, depth + 1)), v.spans.slice());
  if (v instanceof PyTuple) return new PyTuple(v.items.map((x) => configTree(x, depth + 1)), v.spans.slice());
  return v;
}

/** Turns the value of key `k` of `d` into a ConfigDict tree in place (the root object stays the
 *  same, so whoever holds it sees the child's writes). */
export function configTreeAt(d: PyDict, k: string): void {
  const x = d.get(k);
  if (x !== undefined) d.set(k, configTree(x), d.spans.get(k));
}

/** `ConfigDict.update(other)`: a dict value over a dict value merges, anything else is set. */
export function configUpdate(self: PyDict, other: PyDict, spanOf: (k: string) => Span | undefined, depth = 0): void {
  if (depth > MAX_DEPTH) tooDeep();
  for (const [k, v] of other.map) {
    const cur = self.get(k);
    if (cur instanceof PyDict && v instanceof PyDict) {
      if (cur.configDict) configUpdate(cur, v, (kk) => v.spans.get(kk), depth + 1);
      else for (const [kk, vv] of v.map) cur.set(kk, vv, v.spans.get(kk));
    } else self.set(k, hook(v), spanOf(k));
  }
}

const DEFAULT = Symbol('default');
type Slot = Py | typeof DEFAULT;

/** `ConfigDict.merge(other)`: MMEngine's merge of deep copies, `_delete_` clearing the base. */
export function configMerge(self: PyDict, other: PyDict): void {
  const merge = (a: Slot, b: Slot, depth: number): Slot => {
    if (depth > MAX_DEPTH) tooDeep();
    if (a instanceof PyDict) {
      if (!(b instanceof PyDict)) {
        const out = copyDict(a);
        out.delete('_delete_');
        return out;
      }
      const del = a.get('_delete_');
      const keys = [...(del !== undefined && truthyPy(del) ? [] : b.map.keys()), ...a.map.keys()];
      // A plain dict, as MMEngine's comprehension builds; hook() makes it a ConfigDict below.
      const out = new PyDict();
      for (const k of keys) {
        if (k === '_delete_' || out.has(k)) continue;
        const v = merge(a.has(k) ? a.get(k)! : DEFAULT, !(del !== undefined && truthyPy(del)) && b.has(k) ? b.get(k)! : DEFAULT, depth + 1);
        out.set(k, v as Py, a.has(k) ? a.spans.get(k) : b.spans.get(k));
      }
      return out;
    }
    return a !== DEFAULT ? a : b;
  };
  const merged = merge(deepCopyPy(other), deepCopyPy(self), 0) as PyDict;
  for (const k of [...self.map.keys()]) self.delete(k);
  for (const [k, v] of merged.map) self.set(k, hook(v), merged.spans.get(k));
}

function copyDict(d: PyDict): PyDict {
  const out = new PyDict();
  out.configDict = d.configDict;
  out.span = d.span;
  for (const [k, v] of d.map) out.set(k, v, d.spans.get(k));
  return out;
}

function truthyPy(v: Py): boolean {
  if (v === null || v === false || v === 0n || v === 0 || v === '') return false;
  if (v instanceof PyList || v instanceof PyTuple) return v.items.length > 0;
  if (v instanceof PyDict) return v.map.size > 0;
  return true;
}

/** `copy.deepcopy(v)`: shared containers stay shared in the copy (the memo); a ConfigDict's
 *  copy is a ConfigDict. */
export function deepCopyPy(v: Py, memo = new Map<object, Py>(), depth = 0): Py {
  if (v === null || typeof v !== 'object') return v;
  if (depth > MAX_DEPTH) tooDeep();
  const seen = memo.get(v);
  if (seen !== undefined) return seen;
  if (v instanceof PyDict) {
    const out = new PyDict();
    out.configDict = v.configDict;
    out.span = v.span;
    memo.set(v, out);
    for (const [k, x] of v.map) out.set(k, v.configDict ? hook(deepCopyPy(x, memo, depth + 1)) : deepCopyPy(x, memo, depth + 1), v.spans.get(k));
    return out;
  }
  if (v instanceof PyList) {
    const out = new PyList([], v.spans.slice());
    memo.set(v, out);
    for (const x of v.items) out.items.push(deepCopyPy(x, memo, depth + 1));
    return out;
  }
  const t = v as PyTuple;
  const out = new PyTuple(t.items.map((x) => deepCopyPy(x, memo, depth + 1)), t.spans.slice());
  memo.set(t, out);
  return out;
}

/** `copy.copy(v)` (and `ConfigDict.copy()`): a shallow copy; a ConfigDict hooks its values. */
export function shallowCopyPy(v: Py): Py {
  if (v instanceof PyDict) {
    const out = new PyDict();
    out.configDict = v.configDict;
    out.span = v.span;
    for (const [k, x] of v.map) out.set(k, v.configDict ? hook(x) : x, v.spans.get(k));
    return out;
  }
  if (v instanceof PyList) return new PyList([...v.items], v.spans.slice());
  return v;
}
