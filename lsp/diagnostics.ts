/**
 * yoloc diagnostics as LSP diagnostics, per open buffer. A buffer shows:
 *   - its own check's diagnostics located in it;
 *   - its own check's diagnostics located in a base, at the `_base_` entry that leads there
 *     ("in _base_/x.py:12:5: ..."), with the exact place as related information;
 *   - the diagnostics that open children's checks locate in it (it is their base), marked with
 *     the child's name, unless its own check reports the same.
 * Related locations (the other side of a channel or stride mismatch, the base that set a value)
 * become relatedInformation; related notes without a place, and the fix, end the message.
 */
import path from 'node:path';
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver';
import type { Diagnostic, Span } from '../compiler/diagnostics/types.js';
import { provenanceOf } from '../compiler/types.js';
import { baseEntries } from './bases.js';
import { fileToUri } from './text.js';
import type { Analysis, Workspace } from './workspace.js';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/** The range of a span: from the text when the server has it, else from its line and column. */
export function spanRange(ws: Workspace, s: Span, a?: Analysis): Range {
  const text = ws.textOf(s.file, a);
  if (text !== undefined) return ws.lines(s.file, text).spanRange(s);
  const p = { line: Math.max(0, s.line - 1), character: Math.max(0, s.col - 1) };
  return { start: p, end: p };
}

const FILE_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** One yoloc diagnostic as an LSP diagnostic at `range`, with `prefix`/`suffix` around its message. */
function convert(ws: Workspace, a: Analysis, d: Diagnostic, range: Range, prefix = '', suffix = '', first?: DiagnosticRelatedInformation): LspDiagnostic {
  const notes: string[] = [];
  const related: DiagnosticRelatedInformation[] = first ? [first] : [];
  for (const r of d.related ?? []) {
    if (r.span) related.push({ location: { uri: fileToUri(r.span.file), range: spanRange(ws, r.span, a) }, message: r.message });
    else notes.push(r.message);
  }
  const lines = [prefix + d.message + suffix, ...notes];
  if (d.fix) lines.push(`fix: ${d.fix}`);
  return {
    range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'yoloc',
    message: lines.join('\n'),
    ...(related.length ? { relatedInformation: related } : {}),
    ...(d.path !== undefined ? { data: { path: d.path } } : {}),
  };
}

/** Where, in the root config, a diagnostic located in one of its bases is shown: the `_base_`
 *  entry that leads to that base (by the value's chain of files when it is a config value). */
function baseEntryRange(ws: Workspace, a: Analysis, d: Diagnostic, target: string): Range {
  const text = ws.textOf(a.file, a);
  if (text === undefined) return FILE_START;
  const entries = baseEntries(a.file, text, ws.options.scopes ?? {});
  const cfg = a.checked.config;
  const via = cfg && d.path !== undefined ? provenanceOf(cfg, d.path)?.via : undefined;
  const hit = entries.find((e) => e.file === target) ?? entries.find((e) => e.file !== null && e.file === via?.[1]) ?? entries[0];
  return hit ? ws.lines(a.file, text).spanRange(hit.span) : FILE_START;
}

/** An LSP diagnostic of a file, with the yoloc diagnostic and the analysis it comes from. */
export interface Placed {
  lsp: LspDiagnostic;
  source: Diagnostic;
  analysis: Analysis;
}

/** The diagnostics to publish for one open file, given the analyses of every open config. */
export function diagnosticsFor(ws: Workspace, file: string, analyses: readonly Analysis[]): LspDiagnostic[] {
  return placedIn(ws, file, analyses).map((p) => p.lsp);
}

/** The diagnostics of one open file with where they come from (for code actions). */
export function placedIn(ws: Workspace, file: string, analyses: readonly Analysis[]): Placed[] {
  const own: Placed[] = [];
  const others: Placed[] = [];
  const key = (code: unknown, r: Range, message: string) => `${String(code)}@${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}:${message}`;
  const seen = new Set<string>();
  // The file's own check first: a child's finding that it also makes is kept once, as its own.
  const ordered = [...analyses.filter((a) => a.file === file), ...analyses.filter((a) => a.file !== file)];
  for (const a of ordered) {
    const mine = a.file === file;
    for (const d of a.diagnostics) {
      const at = d.span?.file ?? a.file;
      if (at === file) {
        const range = d.span ? spanRange(ws, d.span, a) : FILE_START;
        const k = key(d.code, range, d.message);
        if (seen.has(k)) continue;
        seen.add(k);
        if (mine) own.push({ lsp: convert(ws, a, d, range), source: d, analysis: a });
        else others.push({ lsp: convert(ws, a, d, range, '', ` (checking ${path.basename(a.file)}, whose base this is)`), source: d, analysis: a });
      } else if (mine && d.span) {
        const rel = path.relative(path.dirname(file), at) || at;
        const exact: DiagnosticRelatedInformation = { location: { uri: fileToUri(at), range: spanRange(ws, d.span, a) }, message: `${d.code} is here` };
        own.push({ lsp: convert(ws, a, d, baseEntryRange(ws, a, d, at), `in ${rel}:${d.span.line}:${d.span.col}: `, '', exact), source: d, analysis: a });
      }
    }
  }
  return [...own, ...others];
}
