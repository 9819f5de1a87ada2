/**
 * Subscripts, slices and attribute access with Python's rules: negative indices, slice steps
 * (CPython's PySlice_AdjustIndices), KeyError/IndexError wording, ConfigDict's `d.key`.
 */
import type { Span } from '../../diagnostics/types.js';
import { PyDict, PyList, PyTuple, type Py } from '../values.js';
import { hasMethod } from './methods.js';
import { hook } from './configdict.js';
import { PyError, PyRange, asPy, dictKey, pyRepr, typeName, type Val } from './objects.js';

/** A slice `a[start:stop:step]`; absent parts are null. */
export class PySlice {
  constructor(readonly start: Val, readonly stop: Val, readonly step: Val) {}
}

function sliceInt(v: Val): bigint | null {
  if (v === null) return null;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'bigint') return v;
  throw new PyError('YC2006', 'slice indices must be integers or None or have an __index__ method');
}

/** The concrete indices a slice selects in a sequence of `len` items. */
export function sliceIndices(s: PySlice, len: number): number[] {
  const stepB = sliceInt(s.step) ?? 1n;
  if (stepB === 0n) throw new PyError('YC2011', 'slice step cannot be zero');
  const n = BigInt(len);
  const clamp = (v: bigint | null, dflt: bigint, lo: bigint, hi: bigint): bigint => {
    if (v === null) return dflt;
    if (v < 0n) v += n;
    return v < lo ? lo : v > hi ? hi : v;
  };
  const out: number[] = [];
  if (stepB > 0n) {
    const start = clamp(sliceInt(s.start), 0n, 0n, n);
    const stop = clamp(sliceInt(s.stop), n, 0n, n);
    for (let i = start; i < stop; i += stepB) out.push(Number(i));
  } else {
    const start = clamp(sliceInt(s.start), n - 1n, -1n, n - 1n);
    const stop = clamp(sliceInt(s.stop), -1n, -1n, n - 1n);
    for (let i = start; i > stop; i += stepB) out.push(Number(i));
  }
  return out;
}

function sliceStart(s: PySlice, len: number): number {
  let v = sliceInt(s.start) ?? 0n;
  if (v < 0n) v += BigInt(len);
  return Number(v < 0n ? 0n : v > BigInt(len) ? BigInt(len) : v);
}

function seqIndex(v: Val, len: number, kind: string): number {
  const i = typeof v === 'boolean' ? (v ? 1n : 0n) : v;
  if (typeof i !== 'bigint') {
    throw new PyError('YC2006', `${kind} indices must be integers or slices, not ${v instanceof PySlice ? 'slice' : typeName(v)}`);
  }
  const j = i < 0n ? i + BigInt(len) : i;
  if (j < 0n || j >= BigInt(len)) throw new PyError('YC2008', `${kind} index out of range`);
  return Number(j);
}

/** `obj[key]`, where key may be a PySlice. */
export function getItem(obj: Val, key: Val | PySlice): Val {
  if (obj instanceof PyDict) {
    if (key instanceof PySlice) throw new PyError('YC2006', "unhashable type: 'slice'");
    const k = dictKey(key);
    if (obj.has(k)) return obj.get(k)!;
    throw new PyError('YC2007', pyRepr(key, 200));
  }
  if (obj instanceof PyList || obj instanceof PyTuple || typeof obj === 'string') {
    const kind = typeName(obj) === 'str' ? 'string' : typeName(obj);
    const chars = typeof obj === 'string' ? [...obj] : null;
    const items: readonly Py[] = chars ?? (obj as PyList | PyTuple).items;
    if (key instanceof PySlice) {
      const idx = sliceIndices(key, items.length);
      if (chars) return idx.map((i) => chars[i]).join('');
      const seq = obj as PyList | PyTuple;
      const picked = idx.map((i) => seq.items[i]!);
      const spans = idx.map((i) => seq.spans[i]);
      return seq instanceof PyList ? new PyList(picked, spans) : new PyTuple(picked, spans);
    }
    return items[seqIndex(key, items.length, kind === 'string' ? 'string' : kind)]!;
  }
  if (obj instanceof PyRange) {
    if (key instanceof PySlice) throw new PyError('YC2003', 'slicing a range is not supported; use list(range(...))[...]');
    const len = obj.length;
    if (len > BigInt(Number.MAX_SAFE_INTEGER)) throw new PyError('YC2012', 'range too large to index');
    return obj.at(BigInt(seqIndex(key, Number(len), 'range object')));
  }
  throw new PyError('YC2006', `'${typeName(obj)}' object is not subscriptable`);
}

/** `obj[key] = value` (dicts and lists; tuples and strings are immutable). */
export function setItem(obj: Val, key: Val | PySlice, value: Val, span: Span | undefined, itemsOf: (v: Val) => { items: Py[]; spans: (Span | undefined)[] }): void {
  if (obj instanceof PyDict) {
    if (key instanceof PySlice) throw new PyError('YC2006', "unhashable type: 'slice'");
    obj.set(dictKey(key), obj.configDict ? hook(asPy(value)) : asPy(value), span);
    return;
  }
  if (obj instanceof PyList) {
    if (key instanceof PySlice) {
      const src = itemsOf(value);
      const idx = sliceIndices(key, obj.items.length);
      const step = sliceInt(key.step) ?? 1n;
      if (step === 1n) {
        const at = idx.length ? idx[0]! : sliceStart(key, obj.items.length);
        const spans = Array.from({ length: obj.items.length }, (_, k) => obj.spans[k]);
        obj.items.splice(at, idx.length, ...src.items);
        spans.splice(at, idx.length, ...src.items.map((_, k) => src.spans[k] ?? span));
        obj.spans = spans;
        return;
      }
      if (src.items.length !== idx.length) {
        throw new PyError('YC2011', `attempt to assign sequence of size ${src.items.length} to extended slice of size ${idx.length}`);
      }
      idx.forEach((i, k) => {
        obj.items[i] = src.items[k]!;
        obj.spans[i] = src.spans[k] ?? span;
      });
      return;
    }
    const i = seqIndex(key, obj.items.length, 'list assignment');
    obj.items[i] = asPy(value);
    obj.spans[i] = span;
    return;
  }
  throw new PyError('YC2006', `'${typeName(obj)}' object does not support item assignment`);
}

/** `del obj[key]`. */
export function delItem(obj: Val, key: Val | PySlice): void {
  if (obj instanceof PyDict) {
    if (!(key instanceof PySlice) && obj.has(dictKey(key))) return obj.delete(dictKey(key));
    throw new PyError('YC2007', key instanceof PySlice ? 'slice' : pyRepr(key, 200));
  }
  if (obj instanceof PyList) {
    const idx = key instanceof PySlice ? sliceIndices(key, obj.items.length) : [seqIndex(key, obj.items.length, 'list assignment')];
    const drop = new Set(idx);
    const spans = Array.from({ length: obj.items.length }, (_, k) => obj.spans[k]);
    obj.items = obj.items.filter((_, k) => !drop.has(k));
    obj.spans = spans.filter((_, k) => !drop.has(k));
    return;
  }
  throw new PyError('YC2006', `'${typeName(obj)}' object doesn't support item deletion`);
}

/** `obj.name` read: ConfigDict keys on dicts; methods are only callable, never values. */
export function getAttr(obj: Val, name: string, base: PyDict | undefined): Val {
  if (hasMethod(obj, name)) {
    throw new PyError('YC2013', `method '${name}' of '${typeName(obj)}' can only be called in a config, not stored`);
  }
  if (obj instanceof PyDict) {
    if (obj.has(name)) return obj.get(name)!;
    if (obj === base) throw new PyError('YC2014', `the merged bases define no '${name}' (read as _base_.${name})`);
    throw new PyError('YC2009', `'ConfigDict' object has no attribute '${name}'`);
  }
  throw new PyError('YC2009', `'${typeName(obj)}' object has no attribute '${name}'`);
}

/** `obj.name = value`: ConfigDict attribute assignment sets the key. */
export function setAttr(obj: Val, name: string, value: Val, span: Span | undefined): void {
  if (obj instanceof PyDict) {
    obj.set(name, obj.configDict ? hook(asPy(value)) : asPy(value), span);
    return;
  }
  throw new PyError('YC2009', `'${typeName(obj)}' object has no attribute '${name}'`);
}
