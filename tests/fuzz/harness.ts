/**
 * Runs one fuzz case through the whole front end in-process (resolve -> validate -> shapes via
 * checkFile) and checks what must hold for any input: a normal return (anything thrown is a
 * crash), diagnostics with catalogued codes and spans inside their file.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkFile } from '../../compiler/check/run.js';
import { CATALOG } from '../../compiler/diagnostics/catalog.js';
import { REAL_CONFIGS, type FuzzCase } from './inputs.js';

/** What one case did. */
export interface CaseResult {
  ms: number;
  /** Why the case failed, or null when it ended in a result or diagnostics. */
  crash: string | null;
  codes: string[];
}

/** Writes the bundled configs under `root` (mutated files overwrite them per case). */
export function prepareRoot(root: string): void {
  for (const [rel, text] of Object.entries(REAL_CONFIGS)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
}

/** The checks every diagnostic must pass; a message when one does not. */
function badDiagnostic(d: { code: string; span?: { file: string; start: number; end: number } }, texts: Map<string, string>): string | null {
  if (!/^YC\d{4}$/.test(d.code) || !CATALOG[d.code]) return `uncatalogued code ${d.code}`;
  if (!d.span) return null;
  const text = texts.get(d.span.file);
  if (text === undefined) return null;
  if (!(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length)) return `span ${d.span.start}-${d.span.end} outside ${d.span.file} (${text.length} chars)`;
  return null;
}

/** Runs one case with its files under `root`; restores the bundled configs afterwards. */
export function runCase(c: FuzzCase, root: string, cache: boolean): CaseResult {
  const written: string[] = [];
  for (const [rel, content] of Object.entries(c.files)) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : Buffer.from(content));
    written.push(rel);
  }
  const t0 = performance.now();
  let crash: string | null = null;
  let codes: string[] = [];
  try {
    const r = checkFile(path.join(root, c.main), { cfgOptions: c.cfgOptions, env: c.env, cache });
    codes = [...new Set(r.diagnostics.map((d) => d.code))];
    const texts = new Map<string, string>();
    for (const d of r.diagnostics) {
      const f = d.span?.file;
      if (f && !texts.has(f) && f.startsWith(root)) {
        try {
          texts.set(f, readFileSync(f, 'utf8'));
        } catch {
          // A diagnostic about a file that cannot be read (missing base): no span to check.
        }
      }
      const bad = badDiagnostic(d, texts);
      if (bad) {
        crash = `bad diagnostic: ${bad}: ${d.code} ${d.message.slice(0, 200)}`;
        break;
      }
    }
    if (!crash && r.value.config === null && !r.diagnostics.some((d) => d.severity === 'error')) crash = 'no result and no error';
  } catch (e) {
    crash = e instanceof Error ? `${e.name}: ${e.message.slice(0, 300)}\n${(e.stack ?? '').split('\n').slice(1, 8).join('\n')}` : `thrown ${String(e)}`;
  }
  const ms = performance.now() - t0;
  for (const rel of written) {
    if (REAL_CONFIGS[rel] !== undefined) writeFileSync(path.join(root, rel), REAL_CONFIGS[rel]);
    else rmSync(path.join(root, rel), { force: true });
  }
  return { ms, crash, codes };
}
