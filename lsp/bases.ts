/**
 * The `_base_` entries of a buffer, where each is written and which file it names: read with
 * the reader the resolver uses (the Python evaluator's static `readBases`, the JSON and YAML
 * readers), resolved as the resolver resolves them (relative to the file, or `scope::path`
 * through the scopes given to the server).
 */
import path from 'node:path';
import type { Span } from '../compiler/diagnostics/types.js';
import { loadConfigText } from '../compiler/frontend/load.js';
import * as python from '../compiler/frontend/python/index.js';

/** One `_base_` entry: as written, where, and the file it names (null: a scope not given). */
export interface BaseEntry {
  path: string;
  span: Span;
  file: string | null;
}

/** The last entries read per file, with the text and scopes they were read from (reading a
 *  YAML file can take seconds where its aliases expand to the limit). */
const memo = new Map<string, { text: string; scopes: string; entries: BaseEntry[] }>();

/** The `_base_` entries of `text` (none when the file cannot be read that far). */
export function baseEntries(file: string, text: string, scopes: Record<string, string>): BaseEntry[] {
  const key = JSON.stringify(scopes);
  const hit = memo.get(file);
  if (hit && hit.text === text && hit.scopes === key) return hit.entries;
  let entries: BaseEntry[] = [];
  if (!text.includes('_base_')) return entries;
  try {
    const loaded = loadConfigText(text, file, python);
    entries = (loaded.value?.bases ?? []).map((b) => ({ path: b.path, span: b.span, file: baseFile(b.path, file, scopes) }));
  } catch {
    // A reader that throws reports through the resolver; here there are just no entries.
  }
  if (memo.size > 256) memo.clear();
  memo.set(file, { text, scopes: key, entries });
  return entries;
}

/** The file a `_base_` path names, as compiler/inherit/resolver.ts resolves it. */
export function baseFile(p: string, from: string, scopes: Record<string, string>): string | null {
  if (!p.includes('::')) return path.resolve(path.dirname(from), p);
  const parts = p.split('::');
  if (parts.length !== 2) return null;
  const dir = scopes[parts[0]!];
  return dir ? path.resolve(dir, parts[1]!) : null;
}
