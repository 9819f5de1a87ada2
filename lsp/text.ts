/**
 * Offsets, positions and file names for the language server. yoloc's spans are 0-based offsets
 * into the JavaScript string of a file's text, which are UTF-16 code units: LSP's default
 * position encoding, so a span maps to a range without re-encoding.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Position, Range } from 'vscode-languageserver';
import type { Span } from '../compiler/diagnostics/types.js';

/** The config languages the server reads, by extension (null: not a config file). */
export type Lang = 'py' | 'json' | 'yaml' | 'ts';

/** The language of a file by its extension, as the resolver picks its reader. */
export function langOf(file: string): Lang | null {
  switch (path.extname(file).toLowerCase()) {
    case '.py': return 'py';
    case '.json': return 'json';
    case '.yaml': case '.yml': return 'yaml';
    case '.ts': return 'ts';
    default: return null;
  }
}

/** A file: URI as an absolute path (null for other schemes: untitled buffers, remote files). */
export function uriToFile(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return path.resolve(fileURLToPath(uri));
  } catch {
    return null;
  }
}

/** An absolute path as a file: URI. */
export function fileToUri(file: string): string {
  return pathToFileURL(file).href;
}

/** Line starts of a text, for offset <-> position in both directions. */
export class Lines {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  /** The position of an offset (clamped to the text). */
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo]! };
  }

  /** The offset of a position (clamped to its line, and to the text). */
  offset(p: Position): number {
    if (p.line < 0) return 0;
    if (p.line >= this.starts.length) return this.text.length;
    const start = this.starts[p.line]!;
    const end = p.line + 1 < this.starts.length ? this.starts[p.line + 1]! - 1 : this.text.length;
    return Math.max(start, Math.min(start + Math.max(0, p.character), end));
  }

  /** The range of [start, end) offsets. */
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** The range of a span (its offsets, clamped to this text). */
  spanRange(s: Span): Range {
    return this.range(s.start, s.end);
  }
}

/** Whether two ranges overlap or touch. */
export function rangesTouch(a: Range, b: Range): boolean {
  const before = (x: Position, y: Position) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** Where a key is written before its value: `key=value`, `'key': value`, `"key": value`,
 *  `key: value` (YAML, TypeScript), `_base_.a.key = value`. Null when what precedes the value is
 *  not a key (a list item, a positional argument) or not `expected`. */
export function keyBefore(text: string, valueStart: number, expected?: string): { start: number; end: number; key: string } | null {
  let i = valueStart - 1;
  const space = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  while (i >= 0 && space(text[i])) i--;
  const op = text[i];
  if (op !== '=' && op !== ':') return null;
  // `==`, `<=`, `+=`...: not an assignment of a key.
  if (op === '=' && i > 0 && '=!<>+-*/%&|^@:'.includes(text[i - 1]!)) return null;
  i--;
  while (i >= 0 && space(text[i])) i--;
  if (i < 0) return null;
  let start: number;
  let end: number;
  const q = text[i];
  if (q === '"' || q === "'") {
    end = i;
    let j = i - 1;
    while (j >= 0 && text[j] !== q && text[j] !== '\n') j--;
    if (j < 0 || text[j] !== q) return null;
    start = j + 1;
  } else {
    end = i + 1;
    let j = i;
    while (j >= 0 && /[\p{L}\p{N}_$.-]/u.test(text[j]!)) j--;
    start = j + 1;
    // `_base_.model.key = v` (and YAML keys with dots): the key is the last dotted part.
    const dot = text.lastIndexOf('.', end - 1);
    if (op === '=' && dot >= start) start = dot + 1;
  }
  if (start >= end) return null;
  const key = text.slice(start, end);
  if (expected !== undefined && key !== expected) return null;
  return { start, end, key };
}

/** JSON Pointer segments, unescaped. */
export function pointerSegments(ptr: string): string[] {
  return ptr === '' ? [] : ptr.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `/model/backbone/out_indices` -> `model.backbone.out_indices`. */
export function dottedPath(ptr: string): string {
  return pointerSegments(ptr).join('.');
}
