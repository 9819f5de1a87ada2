/**
 * Which config value a position in a file is about. The resolved config's provenance table
 * says where every value was written (the span of the value, in the evaluated file, after
 * `_base_`, variables and merges); the key is the name written just before it. A position on a
 * key or inside a value maps to the innermost such entry.
 */
import type { Span } from '../compiler/diagnostics/types.js';
import type { ResolvedConfig } from '../compiler/types.js';
import { keyBefore, pointerSegments } from './text.js';
import type { Analysis, Workspace } from './workspace.js';

/** A value written in the file: its pointer, where the value is, and where its key is. */
export interface Located {
  ptr: string;
  value: Span;
  key?: { start: number; end: number };
}

/** The parent pointer ('' for a top-level key). */
function parentOf(ptr: string): string {
  return ptr.slice(0, ptr.lastIndexOf('/'));
}

/** Every value of `cfg` written in `file`, with its key where one is written before it. */
export function locatedIn(cfg: ResolvedConfig, file: string, text: string): Located[] {
  const out: Located[] = [];
  for (const [ptr, prov] of cfg.provenance) {
    if (ptr === '' || prov.span.file !== file) continue;
    // An entry without a span of its own shares its parent's provenance object: not written here.
    if (cfg.provenance.get(parentOf(ptr)) === prov) continue;
    if (prov.span.end > text.length) continue;
    const last = pointerSegments(ptr).at(-1)!;
    const key = /^[0-9]+$/.test(last) ? null : keyBefore(text, prov.span.start, last);
    out.push({ ptr, value: prov.span, ...(key ? { key: { start: key.start, end: key.end } } : {}) });
  }
  return out;
}

/** How many of a value's ancestors were written around it (the value's own place in the file,
 *  rather than a copy of it used elsewhere: `test_dataloader = val_dataloader`). */
function nesting(cfg: ResolvedConfig, l: Located): number {
  let n = 0;
  for (let p = parentOf(l.ptr); p !== ''; p = parentOf(p)) {
    const s = cfg.provenance.get(p)?.span;
    if (s && s.file === l.value.file && s.start <= l.value.start && l.value.end <= s.end) n++;
  }
  return n;
}

/** The value a position is on: its key, or inside its value (the innermost one). */
export function locateAt(cfg: ResolvedConfig, located: readonly Located[], offset: number): { at: Located; onKey: boolean } | null {
  let best: { at: Located; onKey: boolean; size: number; nest: number } | null = null;
  for (const l of located) {
    let size: number;
    let onKey = false;
    if (l.key && offset >= l.key.start && offset <= l.key.end) {
      size = l.key.end - l.key.start;
      onKey = true;
    } else if (offset >= l.value.start && offset < l.value.end) {
      size = l.value.end - l.value.start;
    } else continue;
    if (best && size > best.size) continue;
    const nest = nesting(cfg, l);
    if (best && size === best.size && nest <= best.nest) continue;
    best = { at: l, onKey, size, nest };
  }
  return best && { at: best.at, onKey: best.onKey };
}

const locatedCache = new WeakMap<Analysis, Located[]>();

/** The values an analysis's root file writes, with their keys (computed once per analysis). */
export function locatedOf(ws: Workspace, a: Analysis): Located[] {
  let l = locatedCache.get(a);
  if (!l) {
    const text = ws.textOf(a.file, a);
    l = a.checked.config && text !== undefined ? locatedIn(a.checked.config, a.file, text) : [];
    locatedCache.set(a, l);
  }
  return l;
}
