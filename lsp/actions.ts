/**
 * Code actions for the fixes `check` proposes, as WorkspaceEdits. A fix is an instruction in a
 * few fixed forms ("rename 'a' to 'b'", "change type to 'X'", "set K to V [and K2 to V2]",
 * "write 0.5 without quotes", "add this line to F: L"); each becomes edits at the places the
 * resolved config says the values were written (in a base too), in the file's own language. A
 * fix whose every part cannot be placed exactly gets no action rather than a partial one.
 */
import path from 'node:path';
import { CodeActionKind, type CodeAction, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { Diagnostic, Span } from '../compiler/diagnostics/types.js';
import { evaluatePython } from '../compiler/frontend/python/index.js';
import { PyDict, PyList, PyTuple, toJson, type Py } from '../compiler/frontend/values.js';
import { pointer, type ResolvedConfig } from '../compiler/types.js';
import { placedIn } from './diagnostics.js';
import { literal } from './schema.js';
import { fileToUri, keyBefore, langOf, rangesTouch } from './text.js';
import type { Analysis, Workspace } from './workspace.js';

interface Edit {
  file: string;
  start: number;
  end: number;
  newText: string;
}

/** A Python literal (as fixes write values) in the language of `file`; null if it is not one. */
function valueText(py: string, file: string): string | null {
  const lang = langOf(file);
  if (lang === 'py') return py;
  const r = evaluatePython(`v = ${py}\n`, '<fix>');
  const v = r.value?.get('v');
  if (v === undefined || r.diagnostics.length) return null;
  // Python's floats stay floats (`1.0`) where JSON would make them ints.
  const floatAt = (sub: string): boolean => {
    let x: Py | undefined = v;
    for (const seg of sub.split('/').slice(1)) {
      if (x instanceof PyList || x instanceof PyTuple) x = x.items[Number(seg)];
      else if (x instanceof PyDict) x = x.get(seg.replace(/~1/g, '/').replace(/~0/g, '~'));
      else return false;
    }
    return typeof x === 'number';
  };
  return literal(toJson(v), lang ?? 'json', floatAt);
}

/** The pointer a fix's dotted key names: the whole path, or the tail of a pointer the
 *  diagnostic is about (`out_indices` of /model/backbone/out_indices). */
function targetPointer(cfg: ResolvedConfig, d: Diagnostic, dotted: string): string | null {
  const segs = dotted.split('.');
  const full = pointer(segs);
  if (cfg.provenance.has(full)) return full;
  const tail = '/' + segs.join('/');
  for (const p of [d.path, ...(d.related ?? []).map((r) => r.path)]) if (p && p.endsWith(tail)) return p;
  return null;
}

/** Where the value at `ptr` is written, for a fix of `d`: the diagnostic's own place for its own
 *  value (schema errors point at the assignment a value was read from), else the value's span. */
function valueSpan(cfg: ResolvedConfig, d: Diagnostic, ptr: string): Span | null {
  if (ptr === d.path && d.span) return d.span;
  const prov = cfg.provenance.get(ptr);
  if (!prov) return null;
  // Without a span of its own (a default, or an item of a computed list): nothing to replace.
  if (cfg.provenance.get(ptr.slice(0, ptr.lastIndexOf('/'))) === prov) return null;
  return prov.span;
}

/** The edits of one diagnostic's fix (null: not a form we can place exactly). */
export function fixEdits(ws: Workspace, a: Analysis, d: Diagnostic): Edit[] | null {
  const cfg = a.checked.config;
  const fix = d.fix;
  if (!fix) return null;
  const text = (f: string) => ws.textOf(f, a);
  let m: RegExpExecArray | null;
  if ((m = /^rename '(.+)' to '(.+)'$/.exec(fix)) && d.span) {
    const t = text(d.span.file);
    const key = t === undefined ? null : keyBefore(t, d.span.start, m[1]!);
    return key ? [{ file: d.span.file, start: key.start, end: key.end, newText: m[2]! }] : null;
  }
  if ((m = /^change type to '(.+)'$/.exec(fix)) && d.span) {
    const t = text(d.span.file);
    if (t === undefined || d.span.end > t.length || d.span.end <= d.span.start) return null;
    const q = t[d.span.start];
    const quoted = (q === "'" || q === '"') && t[d.span.end - 1] === q;
    return [quoted
      ? { file: d.span.file, start: d.span.start + 1, end: d.span.end - 1, newText: m[1]! }
      : { file: d.span.file, start: d.span.start, end: d.span.end, newText: m[1]! }];
  }
  if ((m = /^write (.+) without quotes$/.exec(fix)) && d.span) {
    return [{ file: d.span.file, start: d.span.start, end: d.span.end, newText: m[1]! }];
  }
  if ((m = /^add this line to (.+?): (.+)$/.exec(fix)) && cfg && langOf(cfg.file) === 'py') {
    const t = text(cfg.file);
    if (t === undefined || path.basename(cfg.file) !== m[1]) return null;
    return [{ file: cfg.file, start: t.length, end: t.length, newText: `${t.endsWith('\n') || t === '' ? '' : '\n'}${m[2]!}\n` }];
  }
  if ((m = /^set (.+)$/.exec(fix)) && cfg) {
    const edits: Edit[] = [];
    for (const part of m[1]!.split(' and ')) {
      const pm = /^(\S+) to (.+?)(?: \(levels [^)]*\))?$/.exec(part);
      if (!pm) return null;
      const ptr = targetPointer(cfg, d, pm[1]!);
      const span = ptr ? valueSpan(cfg, d, ptr) : null;
      const t = span ? text(span.file) : undefined;
      if (!span || t === undefined || span.end > t.length || span.end <= span.start) return null;
      const value = valueText(pm[2]!, span.file);
      if (value === null) return null;
      edits.push({ file: span.file, start: span.start, end: span.end, newText: value });
    }
    // Two parts on one place (a shared variable) cannot both be applied.
    const sorted = [...edits].sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : x.start - y.start));
    for (let i = 1; i < sorted.length; i++) if (sorted[i]!.file === sorted[i - 1]!.file && sorted[i]!.start < sorted[i - 1]!.end) return null;
    return edits;
  }
  return null;
}

/** The edits as a WorkspaceEdit (ranges from the texts the analysis read, or open buffers). */
function workspaceEdit(ws: Workspace, a: Analysis, edits: Edit[]): WorkspaceEdit | null {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of edits) {
    const t = ws.textOf(e.file, a);
    if (t === undefined) return null;
    (changes[fileToUri(e.file)] ??= []).push({ range: ws.lines(e.file, t).range(e.start, e.end), newText: e.newText });
  }
  return { changes };
}

/** Quick fixes for the diagnostics of an open file that touch `range`. */
export function codeActionsAt(ws: Workspace, file: string, range: Range, analyses: readonly Analysis[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const p of placedIn(ws, file, analyses)) {
    if (!rangesTouch(p.lsp.range, range) || !p.source.fix) continue;
    const edits = fixEdits(ws, p.analysis, p.source);
    const edit = edits && workspaceEdit(ws, p.analysis, edits);
    if (!edit) continue;
    out.push({ title: `${p.source.code}: ${p.source.fix}`, kind: CodeActionKind.QuickFix, diagnostics: [p.lsp], edit, isPreferred: true });
  }
  return out;
}
