/**
 * Go to definition: from a `_base_` entry to the file it names; from a key to the line of the
 * base that set it (what this file overrides or merges into: each direct base resolved on its
 * own, from the resolver's cache); from a value read from a name or from `_base_.x` to the
 * assignment it was read from.
 */
import type { Location, Range } from 'vscode-languageserver';
import { baseEntries } from './bases.js';
import { spanRange } from './diagnostics.js';
import { locateAt, locatedOf } from './locate.js';
import { fileToUri, keyBefore, langOf, pointerSegments } from './text.js';
import type { Workspace } from './workspace.js';

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Where the direct bases of `file` set the value at `ptr` (each base resolved on its own, as
 *  the resolver's cache has it): the base's key (`backbone=` of `backbone=dict(...)`), else its
 *  value, and the chain of files it came through below `file`. */
export function baseSettings(ws: Workspace, file: string, text: string, ptr: string): { file: string; range: Range; line: number; col: number; via: string[] }[] {
  const scopes = ws.options.scopes ?? {};
  const out: { file: string; range: Range; line: number; col: number; via: string[] }[] = [];
  for (const e of baseEntries(file, text, scopes)) {
    if (!e.file || !langOf(e.file)) continue;
    const p = ws.resolveAlone(e.file)?.provenance.get(ptr);
    if (!p) continue;
    const t = ws.read(p.span.file);
    if (t === undefined || p.span.end > t.length) continue;
    const key = keyBefore(t, p.span.start, pointerSegments(ptr).at(-1));
    const lines = ws.lines(p.span.file, t);
    const range = key ? lines.range(key.start, key.end) : lines.spanRange(p.span);
    out.push({ file: p.span.file, range, line: range.start.line + 1, col: range.start.character + 1, via: [file, ...(p.via ?? [e.file])] });
  }
  return out;
}

/** The definition at `offset` of an open file. */
export function definitionAt(ws: Workspace, file: string, offset: number): Location[] | null {
  const doc = ws.doc(file);
  if (!doc) return null;
  const scopes = ws.options.scopes ?? {};
  const entries = baseEntries(file, doc.text, scopes);
  const entry = entries.find((e) => e.span.file === file && offset >= e.span.start && offset <= e.span.end);
  if (entry) {
    // Only a file the resolver would read (a regular file, what `_base_` names).
    return entry.file && langOf(entry.file) && ws.read(entry.file) !== undefined ? [{ uri: fileToUri(entry.file), range: START }] : null;
  }
  const a = ws.analyze(file);
  const cfg = a.checked.config;
  if (!cfg) return null;
  const hit = locateAt(cfg, locatedOf(ws, a), offset);
  if (!hit) return null;
  const prov = cfg.provenance.get(hit.at.ptr);
  // On a value read from elsewhere (`widen_factor=widen_factor`, `_base_.x`): where it was read from.
  if (!hit.onKey && prov?.origin?.length) return [{ uri: fileToUri(prov.origin[0]!.file), range: spanRange(ws, prov.origin[0]!, a) }];
  const out = baseSettings(ws, file, doc.text, hit.at.ptr).map((b) => ({ uri: fileToUri(b.file), range: b.range }));
  if (out.length) return out;
  // Not from a base: where the value was produced, when it was passed along.
  if (prov?.origin?.length) return [{ uri: fileToUri(prov.origin.at(-1)!.file), range: spanRange(ws, prov.origin.at(-1)!, a) }];
  return null;
}
