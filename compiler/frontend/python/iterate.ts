/**
 * Iteration over evaluator values, charged one step per item so that a comprehension over
 * `range(10**9)` stops at the step limit instead of running (or allocating) for minutes.
 */
import type { Span } from '../../diagnostics/types.js';
import { PyDict, PyList, PyTuple, type Py } from '../values.js';
import { PyError, PyIter, PyRange, asPy, dictKey, typeName, type Val } from './objects.js';
import type { SizeLimits } from './ops.js';

/** What builtins and iteration need from the evaluator: a step meter and the size limits. */
export interface Runtime {
  /** Charges `n` evaluation steps; throws a fatal PyError past the limit. */
  tick(n?: number): void;
  readonly limits: SizeLimits;
}

/** A value with the span of the expression that produced it (for provenance). */
export interface Arg {
  value: Val;
  span?: Span;
}

/** Iterates any iterable value, one step per item. */
export function* iterate(v: Val, rt: Runtime): Generator<Py> {
  if (typeof v === 'string') {
    for (const ch of v) {
      rt.tick();
      yield ch;
    }
    return;
  }
  if (v instanceof PyList || v instanceof PyTuple) {
    // Index-based, like CPython's list iterator, so appends during iteration are seen.
    for (let i = 0; i < v.items.length; i++) {
      rt.tick();
      yield v.items[i]!;
    }
    return;
  }
  if (v instanceof PyDict) {
    for (const k of [...v.map.keys()]) {
      rt.tick();
      yield k;
    }
    return;
  }
  if (v instanceof PyRange) {
    const n = v.length;
    for (let i = 0n; i < n; i++) {
      rt.tick();
      yield v.at(i);
    }
    return;
  }
  if (v instanceof PyIter) {
    for (const x of v.source()) {
      rt.tick();
      yield x;
    }
    return;
  }
  throw new PyError('YC2006', `'${typeName(v)}' object is not iterable`);
}

/** A materialised sequence: items with the spans that produced them. */
export interface Items {
  items: Py[];
  spans: (Span | undefined)[];
}

/** Materialises an iterable into items (keeping spans of list/tuple sources), size-checked. */
export function materialize(v: Val, rt: Runtime): Items {
  if (v instanceof PyList || v instanceof PyTuple) {
    rt.tick(v.items.length);
    return { items: [...v.items], spans: Array.from({ length: v.items.length }, (_, i) => v.spans[i]) };
  }
  if (v instanceof PyRange && v.length > BigInt(rt.limits.maxLength)) {
    throw new PyError('YC2904', `range of ${v.length} items exceeds the limit of ${rt.limits.maxLength}`, true);
  }
  const items: Py[] = [];
  for (const x of iterate(v, rt)) {
    items.push(x);
    if (items.length > rt.limits.maxLength) {
      throw new PyError('YC2904', `sequence exceeds the limit of ${rt.limits.maxLength} items`, true);
    }
  }
  return { items, spans: [] };
}

/** Builds a dict from `dict(x)`'s positional argument: a mapping or an iterable of pairs. */
export function dictFrom(src: Val, rt: Runtime, into = new PyDict()): PyDict {
  if (src instanceof PyDict) {
    rt.tick(src.map.size);
    for (const [k, v] of src.map) into.set(k, v, src.spans.get(k));
    return into;
  }
  let i = 0;
  for (const pair of iterate(src, rt)) {
    const kv = pair instanceof PyList || pair instanceof PyTuple ? pair.items : typeof pair === 'string' ? [...pair] : null;
    if (!kv) {
      throw new PyError('YC2006', `cannot convert dictionary update sequence element #${i} to a sequence`);
    }
    if (kv.length !== 2) {
      throw new PyError('YC2011', `dictionary update sequence element #${i} has length ${kv.length}; 2 is required`);
    }
    into.set(strKey(kv[0]!), kv[1]!, pair instanceof PyList || pair instanceof PyTuple ? pair.spans[1] : undefined);
    i++;
  }
  return into;
}

/** A dict key as stored (see dictKey). */
export function strKey(k: Val): string {
  return dictKey(k);
}

/** A lazily materialised iterator value of the given kind over a snapshot of items. */
export function iterOf(kind: string, items: () => Iterable<Py>): PyIter {
  return new PyIter(kind, items);
}

/** Converts evaluator values into config data or throws YC2013. */
export function pyItems(values: readonly Val[]): Py[] {
  return values.map(asPy);
}
