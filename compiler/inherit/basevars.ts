/**
 * MMEngine's `_substitute_base_vars`: after evaluation, a string that is exactly a placeholder
 * token (see substitute.ts) becomes the base value it names; a token left inside a longer
 * string is an error here (MMEngine would keep a random token there).
 */
import type { Diagnostic, LineMap } from '../diagnostics/types.js';
import { PyDict, PyList, PyTuple, type Py } from '../frontend/values.js';
import type { BaseVar } from './substitute.js';

/** `_substitute_base_vars`: a string equal to a token becomes the base value it names. */
export function substituteBaseVars(cfg: Py, vars: Map<string, BaseVar>, base: PyDict, lines: LineMap, diagnostics: Diagnostic[]): Py | null {
  let ok = true;
  const lookup = (bv: BaseVar): Py | undefined => {
    let v: Py | undefined = base;
    for (const k of bv.path.split('.')) {
      if (!(v instanceof PyDict) || !v.has(k)) {
        diagnostics.push({ code: 'YC3009', severity: 'error', message: `{{_base_.${bv.path}}}: the bases define no '${k}' here`, span: lines.span(bv.start, bv.end) });
        ok = false;
        return undefined;
      }
      v = v.get(k);
    }
    return v;
  };
  const walk = (v: Py): Py => {
    if (typeof v === 'string') {
      const bv = vars.get(v);
      if (bv) {
        const found = lookup(bv);
        return found === undefined ? v : found;
      }
      if (v.includes('_yb')) {
        for (const [token, b] of vars) {
          if (v.includes(token)) {
            diagnostics.push({
              code: 'YC3010',
              severity: 'error',
              message: `{{_base_.${b.path}}} is inside a string literal; MMEngine only substitutes a placeholder that is a whole value`,
              span: lines.span(b.start, b.end),
              fix: `write it without quotes, as a value of its own (x = {{_base_.${b.path}}}), or use _base_.${b.path} in Python`,
            });
            ok = false;
          }
        }
      }
      return v;
    }
    if (v instanceof PyDict) {
      let out: PyDict | null = null;
      for (const [k, x] of v.map) {
        const y = walk(x);
        if (y !== x) {
          if (!out) {
            out = new PyDict();
            out.span = v.span;
            for (const [k2, x2] of v.map) out.set(k2, x2, v.spans.get(k2));
          }
          out.set(k, y, v.spans.get(k));
        }
      }
      return out ?? v;
    }
    if (v instanceof PyList || v instanceof PyTuple) {
      const items = v.items.map(walk);
      if (items.every((y, i) => y === v.items[i])) return v;
      return v instanceof PyList ? new PyList(items, v.spans.slice()) : new PyTuple(items, v.spans.slice());
    }
    return v;
  };
  const out = walk(cfg);
  return ok ? out : null;
}
