/**
 * MMEngine's `_dict_to_config_dict(cfg, scope)` for a base loaded from another package
 * (`mmdet::...`): the outermost dicts that have a `type` key get `_scope_ = scope` (unless they
 * already carry a non-None `_scope_`); dicts nested inside such a dict are left alone.
 * Returns a copy: the base's own value is not touched.
 */
import type { Span } from '../diagnostics/types.js';
import { PyDict, PyList, PyTuple, type Py } from '../frontend/values.js';

/** Adds `_scope_` the way MMEngine does for a base from another package. */
export function addScope(v: Py, scope: string, span: Span | undefined, hasScope = true): Py {
  if (v instanceof PyDict) {
    const out = new PyDict();
    out.span = v.span;
    let inner = hasScope;
    let tag = false;
    if (hasScope && v.has('type')) {
      inner = false;
      tag = v.get('_scope_') === undefined || v.get('_scope_') === null;
    }
    for (const [k, x] of v.map) {
      if (tag && k === '_scope_') out.set(k, scope, span);
      else out.set(k, addScope(x, scope, span, inner), v.spans.get(k));
    }
    if (tag && !v.has('_scope_')) out.set('_scope_', scope, span);
    return out;
  }
  if (v instanceof PyList) return new PyList(v.items.map((x) => addScope(x, scope, span, hasScope)), v.spans.slice());
  if (v instanceof PyTuple) return new PyTuple(v.items.map((x) => addScope(x, scope, span, hasScope)), v.spans.slice());
  return v;
}
