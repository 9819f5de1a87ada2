/** Renders diagnostics as text with a code frame (tsc style) or as JSON. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineMap, type Diagnostic } from './types.js';

/** Source texts by file, so the renderer can draw code frames without re-reading. */
export type SourceLookup = (file: string) => string | undefined;

const defaultLookup: SourceLookup = (file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

function rel(file: string, cwd: string): string {
  const r = path.relative(cwd, file);
  return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : file;
}

/** `file:line:col - error YC2003: message` plus a code frame with `~~~` under the span. */
export function renderText(
  diagnostics: readonly Diagnostic[],
  opts: { cwd?: string; lookup?: SourceLookup; color?: boolean } = {},
): string {
  const cwd = opts.cwd ?? process.cwd();
  const lookup = opts.lookup ?? defaultLookup;
  const maps = new Map<string, LineMap | null>();
  const mapFor = (file: string): LineMap | null => {
    if (!maps.has(file)) {
      const text = lookup(file);
      maps.set(file, text === undefined ? null : new LineMap(file, text));
    }
    return maps.get(file)!;
  };
  const out: string[] = [];
  for (const d of diagnostics) {
    const where = d.span ? `${rel(d.span.file, cwd)}:${d.span.line}:${d.span.col} - ` : '';
    out.push(`${where}${d.severity} ${d.code}: ${d.message}`);
    if (d.span) {
      const map = mapFor(d.span.file);
      if (map) out.push(...frame(map, d.span.line, d.span.col, d.span.end - d.span.start));
    }
    if (d.fix) out.push(`  fix: ${d.fix}`);
    for (const r of d.related ?? []) {
      const at = r.span ? `${rel(r.span.file, cwd)}:${r.span.line}:${r.span.col}: ` : '';
      out.push(`  related: ${at}${r.message}`);
    }
    out.push('');
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (diagnostics.length) out.push(`Found ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`);
  return out.join('\n');
}

function frame(map: LineMap, line: number, col: number, length: number): string[] {
  const text = map.lineText(line);
  // a binary file's "line" is noise that can garble the terminal: no frame for it
  if (/[\u0000-\u0008\u000e-\u001f\uFFFD]/.test(text)) return [];
  const shown = text.length > 200 ? text.slice(0, 200) + '…' : text;
  const num = String(line);
  const pad = ' '.repeat(num.length);
  const width = Math.max(1, Math.min(length, text.length - col + 1, 200));
  return [
    '',
    `${num} ${shown}`,
    `${pad} ${' '.repeat(Math.max(0, Math.min(col - 1, 200)))}${'~'.repeat(width)}`,
    '',
  ];
}

/** Machine-readable output: `{ "diagnostics": [...] }`. */
export function renderJson(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify({ diagnostics }, null, 2);
}
