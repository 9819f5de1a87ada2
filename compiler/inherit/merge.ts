/**
 * MMEngine's `Config._merge_a_into_b`, value for value, on our Python value model (never
 * mutating either side: merged containers are fresh copies, as MMEngine's `b.copy()`).
 *
 * Quirks kept on purpose because MMEngine has them:
 *  - `_delete_` is popped only when the base has the key; otherwise the dict keeps it
 *    (reported later as YC3005);
 *  - lists replace unless `allowListKeys` (cfg-options), where digit keys address items and the
 *    item itself must be a dict to merge into (`a.0=5` fails in MMEngine too);
 *  - a child dict over a base scalar (or tuple) is an error unless it has `_delete_=True`.
 */
import type { Span } from '../diagnostics/types.js';
import { PyDict, PyList, PyTuple, pyTypeName, type Py } from '../frontend/values.js';

/** A merge that MMEngine would refuse, with the child's span and the dotted path to the key. */
export class MergeError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly span: Span | undefined,
    readonly keyPath: string[],
    readonly baseSpan?: Span,
    /** For YC3004: Python's type name of the base value that a dict cannot merge into. */
    readonly baseType?: string,
  ) {
    super(message);
  }
}

/** Python truthiness, for `_delete_` values. */
export function truthy(v: Py | undefined): boolean {
  if (v === undefined || v === null || v === false || v === 0n || v === 0 || v === '') return false;
  if (v instanceof PyList || v instanceof PyTuple) return v.items.length > 0;
  if (v instanceof PyDict) return v.map.size > 0;
  return true;
}

/** A shallow copy keeping key order and spans. */
export function copyDict(d: PyDict): PyDict {
  const out = new PyDict();
  for (const [k, v] of d.map) out.set(k, v, d.spans.get(k));
  out.span = d.span;
  return out;
}

/** The dict without its `_delete_` key (MMEngine's `v.pop(DELETE_KEY)`). */
function withoutDelete(d: PyDict): PyDict {
  if (!d.has('_delete_')) return d;
  const out = copyDict(d);
  out.delete('_delete_');
  return out;
}

function describe(v: Py): string {
  return `<class '${pyTypeName(v)}'>`;
}

/**
 * Merges child `a` into base `b` and returns the merged value (b's type: dict, or a list when
 * `allowListKeys` addresses list items by index).
 */
export function mergeAIntoB(a: PyDict, b: PyDict | PyList, allowListKeys: boolean, at: string[] = []): PyDict | PyList {
  if (b instanceof PyList) return mergeIntoList(a, b, allowListKeys, at);
  const out = copyDict(b);
  for (const [k, v] of a.map) {
    const span = a.spans.get(k);
    if (v instanceof PyDict) {
      if (out.has(k) && !truthy(v.get('_delete_'))) {
        const bk = out.get(k)!;
        if (!(bk instanceof PyDict) && !(allowListKeys && bk instanceof PyList)) {
          throw new MergeError(
            `${k} is a dict in the child config but is of type ${describe(bk)} in the base config, so it cannot inherit from the base`,
            'YC3004',
            span,
            [...at, k],
            out.spans.get(k),
            pyTypeName(bk),
          );
        }
        out.set(k, mergeAIntoB(withoutDelete(v), bk, allowListKeys, [...at, k]), span ?? out.spans.get(k));
      } else {
        out.set(k, out.has(k) ? withoutDelete(v) : v, span);
      }
    } else {
      out.set(k, v, span);
    }
  }
  if (a.span) out.span = a.span;
  return out;
}

function mergeIntoList(a: PyDict, b: PyList, allowListKeys: boolean, at: string[]): PyList {
  const items = b.items.slice();
  const spans = b.spans.slice();
  for (const [k, v] of a.map) {
    const span = a.spans.get(k);
    if (!(allowListKeys && /^[0-9]+$/.test(k))) {
      throw new MergeError(`'${k}' is not a list index: list items are addressed by number`, 'YC3013', span, [...at, k]);
    }
    const i = Number(k);
    if (items.length <= i) {
      throw new MergeError(`index ${i} exceeds the length of the list (${items.length} items)`, 'YC3013', span, [...at, k], b.spans[0]);
    }
    const item = items[i]!;
    if (!(v instanceof PyDict)) {
      throw new MergeError(
        `MMEngine cannot replace list item ${i} with a value of type ${pyTypeName(v)}: an index must be followed by a key of a dict item (a.${i}.key=value)`,
        'YC3013',
        span,
        [...at, k],
      );
    }
    if (!(item instanceof PyDict) && !(item instanceof PyList)) {
      throw new MergeError(`list item ${i} is of type ${pyTypeName(item)}, not a dict, so keys cannot be merged into it`, 'YC3013', span, [...at, k], b.spans[i]);
    }
    items[i] = mergeAIntoB(v, item, allowListKeys, [...at, k]);
    spans[i] = span ?? spans[i];
  }
  return new PyList(items, spans);
}
