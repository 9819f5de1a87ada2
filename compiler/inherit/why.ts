/** `--why a.b.c`: where a resolved value was set, and through which bases it arrived. */
import { LineMap, type Span } from '../diagnostics/types.js';
import { pointer, provenanceOf, type ResolvedConfig } from '../types.js';
import path from 'node:path';
import { PyDict, PyList, PyTuple, type Py } from '../frontend/values.js';
import { toPythonLiteral } from './print.js';

/** A dotted key path (`model.backbone.out_indices`, `pipeline.0.type`) as a JSON Pointer. */
export function dottedToPointer(key: string): string {
  return pointer(key.split('.'));
}

/** A few lines that explain a value's origin; null when the key is not in the config. */
export function explainKey(cfg: ResolvedConfig, key: string, readText: (file: string) => string | undefined, cwd = process.cwd()): string | null {
  const ptr = dottedToPointer(key);
  let v: Py = cfg.value;
  for (const seg of key.split('.')) {
    if ((v instanceof PyList || v instanceof PyTuple) && /^[0-9]+$/.test(seg) && Number(seg) < v.items.length) v = v.items[Number(seg)]!;
    else if (v instanceof PyDict && v.has(seg)) v = v.get(seg)!;
    else return null;
  }
  const rel = (f: string): string => {
    const r = path.relative(cwd, f);
    return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : f;
  };
  const prov = provenanceOf(cfg, ptr);
  const lines = [`${key} = ${toPythonLiteral(v, 1)}`];
  if (!prov) return lines.concat('  set by: (unknown)').join('\n');
  const show = (label: string, s: Span): void => {
    lines.push(`  ${label} ${rel(s.file)}:${s.line}:${s.col}`);
    const text = readText(s.file);
    if (text !== undefined) lines.push(`    ${new LineMap(s.file, text).lineText(s.line).trim()}`);
  };
  // A value passed along (`widen_factor=widen_factor`, `_base_.x`): the use, then each
  // assignment it was read from, ending at the one that produced it.
  const origin = cfg.provenance.get(ptr) === prov ? prov.origin ?? [] : [];
  show(origin.length ? 'used at:' : 'set at:', prov.span);
  origin.forEach((s, i) => show(i === origin.length - 1 ? 'set at: ' : 'read at:', s));
  if (prov.via && prov.via.length > 1) lines.push(`  via:    ${prov.via.map(rel).join(' -> ')}`);
  else if (!prov.via) lines.push('  via:    --cfg-options');
  return lines.join('\n');
}
