/**
 * MMEngine's text substitutions, done on the source text before it is parsed, in its order:
 * predefined variables (`{{fileDirname}}` ...), environment variables (`{{$VAR:default}}`),
 * then `{{_base_.a.b}}` placeholders (replaced by a quoted token and swapped for the base's
 * value after evaluation, as `_pre_substitute_base_vars` / `_substitute_base_vars` do).
 *
 * Every edit is recorded so spans in the rewritten text map back to the original file: a base
 * placeholder becomes a token of exactly its own length, so its span needs no mapping at all.
 */
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/types.js';

/** Maps an offset in rewritten text back to the original text. */
export type OffsetMap = (offset: number) => number;

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits (sorted by start) and returns the new text and its offset map. */
function applyEdits(text: string, edits: Edit[], outer: OffsetMap | null): { text: string; map: OffsetMap | null } {
  if (!edits.length) return { text, map: outer };
  const parts: string[] = [];
  // Segments: [newStart, origStart, newLen, origLen]; offsets inside a replaced run map to its start.
  const segs: [number, number, number, number][] = [];
  let last = 0;
  let delta = 0;
  for (const e of edits) {
    parts.push(text.slice(last, e.start), e.text);
    segs.push([e.start + delta, e.start, e.text.length, e.end - e.start]);
    delta += e.text.length - (e.end - e.start);
    last = e.end;
  }
  parts.push(text.slice(last));
  const local: OffsetMap = (n) => {
    let shift = 0;
    for (const [ns, os, nl, ol] of segs) {
      if (n < ns) break;
      if (n < ns + nl) return os + Math.min(n - ns, ol);
      shift = os + ol - (ns + nl);
    }
    return n + shift;
  };
  return { text: parts.join(''), map: outer ? (n) => outer(local(n)) : local };
}

/** A base-variable placeholder: the token that stands in for it and where it was written. */
export interface BaseVar {
  /** Dotted path under `_base_`, e.g. "model.backbone". */
  path: string;
  start: number;
  end: number;
}

/** The result of the substitutions: new text, offset map (null: unchanged), placeholders. */
export interface Substituted {
  text: string;
  map: OffsetMap | null;
  baseVars: Map<string, BaseVar>;
  /** Environment variables that were looked up, by name (undefined: unset, default used). */
  envUsed: Map<string, string | undefined>;
  diagnostics: Diagnostic[];
}

const PREDEFINED = /\{\{\s*(fileDirname|fileBasename|fileBasenameNoExtension|fileExtname)\s*\}\}/g;
const ENV = /\{\{['"]?\s*\$(\w+)\s*:\s*(\S*?)\s*['"]?\}\}/g;
const BASE = /\{\{\s*_base_\.([\w.]+)\s*\}\}/g;

/** Runs the three substitutions of MMEngine's `_file2dict` over one file's text. */
export function substituteText(
  text: string,
  file: string,
  env: Record<string, string | undefined>,
  spanAt: (start: number, end: number) => import('../diagnostics/types.js').Span,
): Substituted {
  const diagnostics: Diagnostic[] = [];
  const envUsed = new Map<string, string | undefined>();
  let map: OffsetMap | null = null;
  if (text.includes('{{')) {
    const base = path.basename(file);
    const ext = path.extname(file);
    const vars: Record<string, string> = {
      fileDirname: path.dirname(file),
      fileBasename: base,
      fileBasenameNoExtension: ext ? base.slice(0, -ext.length) : base,
      fileExtname: ext,
    };
    const edits: Edit[] = [];
    for (const m of text.matchAll(PREDEFINED)) {
      edits.push({ start: m.index!, end: m.index! + m[0].length, text: vars[m[1]!]!.replace(/\\/g, '/') });
    }
    ({ text, map } = applyEdits(text, edits, map));
    const envEdits: Edit[] = [];
    for (const m of text.matchAll(ENV)) {
      const name = m[1]!;
      let value = m[2]!;
      const fromEnv = env[name];
      envUsed.set(name, fromEnv);
      if (fromEnv !== undefined) value = fromEnv;
      const start = m.index!;
      const end = start + m[0].length;
      if (!value) {
        const o = map ? [map(start), map(end)] : [start, end];
        diagnostics.push({
          code: 'YC3011',
          severity: 'error',
          message: `environment variable '${name}' is not set and the placeholder gives no default`,
          span: spanAt(o[0]!, o[1]!),
          fix: `set ${name} in the environment or write a default: {{$${name}:value}}`,
        });
      }
      envEdits.push({ start, end, text: value });
    }
    ({ text, map } = applyEdits(text, envEdits, map));
  }
  const baseVars = new Map<string, BaseVar>();
  if (text.includes('_base_.')) {
    let n = 0;
    text = text.replace(BASE, (whole: string, varPath: string, offset: number) => {
      const inner = whole.length - 2;
      let token = `_yb${n++}_`;
      if (token.length > inner) return whole; // cannot happen: the shortest placeholder is 12 chars
      token = token.padEnd(inner, '_');
      const start = map ? map(offset) : offset;
      const end = map ? map(offset + whole.length) : offset + whole.length;
      baseVars.set(token, { path: varPath, start, end });
      return `"${token}"`;
    });
  }
  return { text, map, baseVars, envUsed, diagnostics };
}
