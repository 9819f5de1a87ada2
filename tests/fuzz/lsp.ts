/**
 * The fuzz corpus through the language server: `npm run fuzz:lsp -- --runs N [--seed S]`.
 * Each case (the saved regression inputs, then generated ones: mutated configs, base graphs,
 * hostile constructs, random bytes, 10 MB lines) is written to a folder, its main file opened
 * in one long-lived `yoloc lsp` over stdio, then hovered, completed, asked for definitions and
 * code actions at its start, a third in and its end, edited (a line deleted, a character typed),
 * asked again and closed. A failure: the server dies, a request is
 * rejected or takes over the timeout, a handler logs an error, or a diagnostic's range is
 * outside its file. The server must answer a plain request after all of it.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { ROOT } from '../helpers/paths.js';
import { LspClient, uri } from '../lsp/client.js';
import { prepareRoot } from './harness.js';
import { caseAt, REAL_CONFIGS, type FuzzCase } from './inputs.js';

const SAVED = path.join(ROOT, 'tests/fixtures/hardening/fuzz');

/** What a run found. */
export interface LspFuzzSummary {
  inputs: number;
  failures: { name: string; why: string }[];
  slowest: { name: string; ms: number };
  seconds: number;
}

/** The saved regression inputs of tests/fixtures/hardening/fuzz, by file name. */
export function savedCases(): [string, FuzzCase][] {
  return readdirSync(SAVED).filter((n) => n.endsWith('.json')).sort().map((n) => {
    const s = JSON.parse(readFileSync(path.join(SAVED, n), 'utf8')) as { input?: FuzzCase; seed?: number; index?: number };
    return [n, s.input ?? caseAt(s.seed!, s.index!)];
  });
}

/** Rejects after `ms` with `what`. */
function timeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  const late = new Promise<T>((_, reject) => {
    t = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(t));
}

/** Runs `cases` through one server; never throws for a bad case. */
export async function fuzzLsp(cases: [string, FuzzCase][], timeoutMs = 60_000, log: (line: string) => void = () => {}): Promise<LspFuzzSummary> {
  const t0 = performance.now();
  const root = mkdtempSync(path.join(tmpdir(), 'yoloc-lsp-fuzz-'));
  const s: LspFuzzSummary = { inputs: 0, failures: [], slowest: { name: '', ms: 0 }, seconds: 0 };
  const c = LspClient.start(['--debounce', '0']);
  try {
    prepareRoot(root);
    await c.initialize(root);
    let stderrSeen = 0;
    let logsSeen = 0;
    let version = 1;
    for (const [name, input] of cases) {
      if (!c.alive()) {
        s.failures.push({ name, why: `the server died before this case; stderr: ${c.stderr.slice(-2000)}` });
        break;
      }
      const written = writeCase(root, input);
      const file = path.join(root, input.main);
      const raw = input.files[input.main];
      const text = raw === undefined ? '' : typeof raw === 'string' ? raw : new TextDecoder().decode(Uint8Array.from(raw));
      const start = performance.now();
      try {
        await runOne(c, file, text, ++version, timeoutMs);
      } catch (e) {
        s.failures.push({ name, why: e instanceof Error ? e.message : String(e) });
      }
      const ms = performance.now() - start;
      s.inputs++;
      if (ms > s.slowest.ms) s.slowest = { name: `${name} (${input.kind})`, ms };
      if (c.logs.length > logsSeen) {
        s.failures.push({ name, why: `the server logged: ${c.logs.slice(logsSeen).map((l) => l.message).join('\n').slice(0, 2000)}` });
        logsSeen = c.logs.length;
      }
      if (c.stderr.length > stderrSeen) {
        s.failures.push({ name, why: `the server logged: ${c.stderr.slice(stderrSeen, stderrSeen + 2000)}` });
        stderrSeen = c.stderr.length;
      }
      restoreCase(root, written);
      log(`${name} (${input.kind}): ${ms.toFixed(0)} ms`);
    }
    // Still answering.
    const probe = path.join(root, 'probe.py');
    writeFileSync(probe, 'x = 1\n');
    await timeout(runOne(c, probe, 'x = 1\n', ++version, timeoutMs), timeoutMs, 'the probe after all cases');
  } catch (e) {
    s.failures.push({ name: '(session)', why: e instanceof Error ? e.message : String(e) });
  } finally {
    const code = await c.stop();
    if (code !== 0) s.failures.push({ name: '(exit)', why: `exit code ${code}; stderr: ${c.stderr.slice(-2000)}` });
    rmSync(root, { recursive: true, force: true });
  }
  s.seconds = (performance.now() - t0) / 1000;
  return s;
}

/** Open, diagnostics, requests at a few places, an edit, more requests, close. */
async function runOne(c: LspClient, file: string, text: string, version: number, timeoutMs: number): Promise<void> {
  const since = c.published.length;
  await c.open(file, text, version);
  const ds = await c.diagnostics(file, () => true, since, timeoutMs);
  const lines = text.split('\n');
  for (const d of ds) checkRange(d, lines);
  const u = { uri: uri(file) };
  const places = [0, Math.floor(text.length / 3), text.length].map((o) => {
    const before = text.slice(0, o).split('\n');
    return { line: before.length - 1, character: before.at(-1)!.length };
  });
  const ask = async (): Promise<void> => {
    for (const position of places) {
      await timeout(c.request('textDocument/hover', { textDocument: u, position }), timeoutMs, 'hover');
      await timeout(c.request('textDocument/completion', { textDocument: u, position }), timeoutMs, 'completion');
      await timeout(c.request('textDocument/definition', { textDocument: u, position }), timeoutMs, 'definition');
    }
    await timeout(c.request('textDocument/codeAction', { textDocument: u, range: { start: places[0]!, end: places.at(-1)! }, context: { diagnostics: [] } }), timeoutMs, 'codeAction');
  };
  await ask();
  // Typing in the middle: a line deleted and a character inserted.
  await c.change(file, version + 1, '', { start: { line: places[1]!.line, character: 0 }, end: { line: places[1]!.line + 1, character: 0 } });
  await c.change(file, version + 2, 'x', { start: places[0]!, end: places[0]! });
  await ask();
  await c.close(file);
}

/** A diagnostic of the main file must lie inside it. */
function checkRange(d: Diagnostic, lines: string[]): void {
  for (const p of [d.range.start, d.range.end]) {
    if (p.line < 0 || p.line >= lines.length || p.character < 0 || p.character > lines[p.line]!.length) {
      throw new Error(`diagnostic ${String(d.code)} at ${JSON.stringify(d.range)} is outside the file (${lines.length} lines)`);
    }
  }
}

function writeCase(root: string, c: FuzzCase): string[] {
  const written: string[] = [];
  for (const [rel, content] of Object.entries(c.files)) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : Buffer.from(content));
    written.push(rel);
  }
  return written;
}

function restoreCase(root: string, written: string[]): void {
  for (const rel of written) {
    if (REAL_CONFIGS[rel] !== undefined) writeFileSync(path.join(root, rel), REAL_CONFIGS[rel]);
    else rmSync(path.join(root, rel), { force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, d: number) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : d;
  };
  const runs = arg('--runs', 200);
  const seed = arg('--seed', 2026);
  const cases: [string, FuzzCase][] = [...savedCases(), ...Array.from({ length: runs }, (_, i) => [`#${i} of seed ${seed}`, caseAt(seed, i)] as [string, FuzzCase])];
  const s = await fuzzLsp(cases, arg('--timeout-ms', 60_000), (l) => console.log(l));
  console.log(`\n${s.inputs} inputs through yoloc lsp in ${s.seconds.toFixed(1)} s; ${s.failures.length} failures; slowest ${s.slowest.name} at ${s.slowest.ms.toFixed(0)} ms`);
  for (const f of s.failures) console.log(`FAIL ${f.name}: ${f.why}`);
  process.exitCode = s.failures.length ? 1 : 0;
}
