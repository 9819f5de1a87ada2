/** Finds a value that contains itself (Python can build one; no config output can hold it). */
import type { Span } from '../diagnostics/types.js';
import { PyDict, PyList, PyTuple, type Py } from '../frontend/values.js';

/** The first value (dotted path and span) that contains itself, or null. */
export function findCycle(root: PyDict): { path: string; span?: Span } | null {
  const onStack = new Set<object>();
  const done = new Set<object>();
  const at: string[] = [];
  const visit = (v: Py, span: Span | undefined): { path: string; span?: Span } | null => {
    if (!(v instanceof PyDict || v instanceof PyList || v instanceof PyTuple)) return null;
    if (onStack.has(v)) return { path: at.join('.'), ...(span ? { span } : {}) };
    if (done.has(v)) return null;
    onStack.add(v);
    if (v instanceof PyDict) {
      for (const [k, x] of v.map) {
        if (typeof x !== 'object' || x === null) continue;
        at.push(k);
        const hit = visit(x, v.spans.get(k) ?? span);
        at.pop();
        if (hit) return hit;
      }
    } else {
      for (let i = 0; i < v.items.length; i++) {
        const x = v.items[i]!;
        if (typeof x !== 'object' || x === null) continue;
        at.push(String(i));
        const hit = visit(x, v.spans[i] ?? span);
        at.pop();
        if (hit) return hit;
      }
    }
    onStack.delete(v);
    done.add(v);
    return null;
  };
  return visit(root, undefined);
}
