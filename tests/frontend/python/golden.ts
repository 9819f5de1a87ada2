/**
 * The golden harness for the Python front end: each tests/frontend/python/cases/NAME.py is
 * evaluated against a fixed stub base; what it produced (Python repr of every global, the base
 * after the run, and the diagnostics) is compared with NAME.expected.txt. Value outputs were
 * checked against CPython when accepted. `UPDATE_BASELINES=1` rewrites the expected files.
 */
import { readFileSync } from 'node:fs';
import { evaluatePython } from '../../../compiler/frontend/python/index.js';
import { pyRepr } from '../../../compiler/frontend/python/objects.js';
import { PyDict, PyList, PyTuple, type Py } from '../../../compiler/frontend/values.js';

/** Builds a PyDict from a plain object (arrays become lists, `tuple:` arrays tuples). */
export function dictOf(o: Record<string, unknown>): PyDict {
  const d = new PyDict();
  for (const [k, v] of Object.entries(o)) d.set(k, toPy(v));
  return d;
}

function toPy(v: unknown): Py {
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) {
    return v[0] === 'tuple:' ? new PyTuple(v.slice(1).map(toPy)) : new PyList(v.map(toPy));
  }
  return dictOf(v as Record<string, unknown>);
}

/** The base every case sees (mirrors a merged MMYOLO base). */
export function stubBase(): PyDict {
  return dictOf({
    file_client_args: { backend: 'disk' },
    model: { neck: { widen_factor: 0.5 }, bbox_head: { num_classes: 80 } },
    test_pipeline: [{ type: 'LoadImageFromFile' }, { type: 'Resize', scale: ['tuple:', 640, 640] }, { type: 'Pack' }],
  });
}

/** Evaluates one case file and renders what it produced. */
export function renderCase(file: string): string {
  const text = readFileSync(file, 'utf8');
  const base = stubBase();
  const r = evaluatePython(text, file, { base });
  const out: string[] = [];
  if (r.value) for (const [k, v] of r.value.map) out.push(`${k} = ${pyRepr(v, 1e9)}`);
  else out.push('(no value)');
  out.push(`_base_ = ${pyRepr(base, 1e9)}`);
  if (r.diagnostics.length) {
    out.push('--- diagnostics');
    for (const d of r.diagnostics) out.push(`${d.span?.line}:${d.span?.col}-${d.span ? d.span.end - d.span.start : 0} ${d.code} ${d.message}`);
  }
  return out.join('\n') + '\n';
}
