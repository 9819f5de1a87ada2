/**
 * Moves spans produced on substituted text back onto the original file, so code frames and
 * `--why` point at what the user wrote (a `{{fileDirname}}` substitution changes lengths).
 */
import { LineMap, type Diagnostic, type Span } from '../diagnostics/types.js';
import { PyDict, PyList, PyTuple, type Py } from '../frontend/values.js';
import { linkOrigin, originOf } from '../frontend/origin.js';
import type { OffsetMap } from './substitute.js';

/** Rewrites, in place, every span of `file` inside `v` (each container once). */
export function remapValueSpans(v: Py, file: string, map: OffsetMap, lines: LineMap, seen = new WeakSet<object>()): void {
  const fix = (s: Span | undefined): Span | undefined => (s && s.file === file ? remapSpan(s, map, lines) : s);
  if (v instanceof PyDict) {
    if (seen.has(v)) return;
    seen.add(v);
    if (v.span) v.span = fix(v.span);
    for (const [k, s] of v.spans) v.spans.set(k, fix(s)!);
    for (const x of v.map.values()) remapValueSpans(x, file, map, lines, seen);
  } else if (v instanceof PyList || v instanceof PyTuple) {
    if (seen.has(v)) return;
    seen.add(v);
    v.spans = v.spans.map(fix);
    for (const x of v.items) remapValueSpans(x, file, map, lines, seen);
  }
}

/** One span, mapped. */
export function remapSpan(s: Span, map: OffsetMap, lines: LineMap): Span {
  const start = map(s.start);
  const end = Math.max(start, map(s.end));
  const out = lines.span(start, end);
  const origin = originOf(s);
  if (origin) linkOrigin(out, origin.file === s.file ? remapSpan(origin, map, lines) : origin);
  return out;
}

/** Diagnostics' spans (and related spans) of `file`, mapped. */
export function remapDiagnostics(ds: Diagnostic[], file: string, map: OffsetMap, lines: LineMap): Diagnostic[] {
  const fix = (s: Span | undefined): Span | undefined => (s && s.file === file ? remapSpan(s, map, lines) : s);
  return ds.map((d) => ({
    ...d,
    span: fix(d.span),
    related: d.related?.map((r) => ({ ...r, span: fix(r.span) })),
  }));
}
