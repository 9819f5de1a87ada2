/**
 * The front-end fuzz runner: `npm run fuzz -- --runs N [--seed S] [--timeout-ms T] [--jobs J] [--save]`.
 * Cases run in a worker thread with a memory cap; the parent times each one, so a hang (over
 * --timeout-ms), an out-of-memory death or a thrown error is a crash. Prints inputs, crashes
 * and the slowest input; --save writes crashing cases to tests/fixtures/hardening/ as
 * regression cases (tests/hardening/fuzz.test.ts replays them). Exit code 1 on any crash.
 * `npm run fuzz -- --kill-runs N [--seed S] [--backend B]`: N trainings SIGKILLed at random
 * moments and resumed until done, each compared bitwise with an uninterrupted run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ROOT } from '../helpers/paths.js';
import { caseAt } from './inputs.js';
import { killFuzz } from '../hardening/kill-resume.js';

/** One crash: where to find the input again and what happened. */
export interface Crash {
  seed: number;
  index: number;
  kind: string;
  why: string;
}

/** Summary of a fuzz run. */
export interface FuzzSummary {
  inputs: number;
  crashes: Crash[];
  slowest: { index: number; kind: string; ms: number };
  byKind: Record<string, number>;
  seconds: number;
}

interface Msg { type: 'start' | 'done'; i: number; kind: string; ms?: number; crash?: string | null }

/** Runs cases [0, runs) of `seed` in `jobs` worker threads at once; never throws for a bad case. */
export async function fuzz(runs: number, seed: number, timeoutMs: number, memoryMb = 1536, log: (line: string) => void = () => {}, jobs = 1): Promise<FuzzSummary> {
  const t0 = performance.now();
  const s: FuzzSummary = { inputs: 0, crashes: [], slowest: { index: -1, kind: '', ms: 0 }, byKind: {}, seconds: 0 };
  const step = Math.ceil(runs / jobs);
  const ranges: [number, number][] = [];
  for (let a = 0; a < runs; a += step) ranges.push([a, Math.min(runs, a + step)]);
  await Promise.all(ranges.map(([a, b]) => fuzzRange(a, b, seed, timeoutMs, memoryMb, s, t0, log)));
  s.seconds = (performance.now() - t0) / 1000;
  return s;
}

/** Runs cases [from, end) in one worker at a time, starting a fresh one after a crash. */
async function fuzzRange(from: number, end: number, seed: number, timeoutMs: number, memoryMb: number, s: FuzzSummary, t0: number, log: (line: string) => void): Promise<void> {
  const crash = (c: Crash): void => {
    s.crashes.push(c);
    log(`CRASH #${c.index} (${c.kind}): ${c.why.split('\n').slice(0, 3).join(' | ')}`);
  };
  let next = from;
  while (next < end) {
    await new Promise<void>((resolve) => {
      let current: { i: number; kind: string; at: number } | null = null;
      let settled = false;
      // tsx registered inside the worker (as runtime/data/loader.ts does).
      const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
      const entry = JSON.stringify(new URL('./worker.ts', import.meta.url).href);
      const w = new Worker(`import(${api}).then((m) => { m.register(); return import(${entry}); })`, {
        eval: true,
        workerData: { seed, start: next, end },
        execArgv: [],
        // About the main thread's stack (the CLI's), so a deep recursion here is one there too.
        resourceLimits: { maxOldGenerationSizeMb: memoryMb, stackSizeMb: 1 },
      });
      const finish = (why: string | null): void => {
        if (settled) return;
        settled = true;
        clearInterval(timer);
        if (why && current) {
          crash({ seed, index: current.i, kind: current.kind, why });
          s.inputs++;
          next = current.i + 1;
        } else if (why) {
          // Died between cases (it could not start): stop rather than fail every case.
          crash({ seed, index: next, kind: '?', why });
          next = end;
        } else next = end;
        void w.terminate().then(() => resolve());
      };
      // A 10 MB line is slow but bounded (the parser tokenizes every character): 3x the time.
      const limitOf = (c: { kind: string }): number => (c.kind.startsWith('huge-') ? 3 * timeoutMs : timeoutMs);
      const timer = setInterval(() => {
        if (current && performance.now() - current.at > limitOf(current)) finish(`hang: no result after ${limitOf(current)} ms`);
      }, 100);
      w.on('message', (m: Msg) => {
        if (m.type === 'start') {
          current = { i: m.i, kind: m.kind, at: performance.now() };
          return;
        }
        // A result past the limit is a hang too: the watchdog polls every 100 ms and could miss a
        // case that ran over and finished between two polls.
        if (current && performance.now() - current.at > limitOf(current)) {
          finish(`hang: result only after ${Math.round(performance.now() - current.at)} ms (limit ${limitOf(current)} ms)`);
          return;
        }
        current = null;
        next = m.i + 1;
        s.inputs++;
        s.byKind[m.kind] = (s.byKind[m.kind] ?? 0) + 1;
        if (m.ms! > s.slowest.ms) s.slowest = { index: m.i, kind: m.kind, ms: m.ms! };
        if (m.crash) crash({ seed, index: m.i, kind: m.kind, why: m.crash });
        if (s.inputs % 500 === 0) log(`${s.inputs} inputs, ${s.crashes.length} crashes, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      });
      w.on('error', (e) => finish(`worker died: ${e.message.slice(0, 300)}`));
      w.on('exit', (code) => finish(code === 0 ? null : `worker exited with code ${code}`));
    });
  }
}

/** Writes a crashing case where tests/hardening/fuzz.test.ts replays it. */
export function saveCrash(c: Crash): string {
  const dir = path.join(ROOT, 'tests/fixtures/hardening/fuzz');
  mkdirSync(dir, { recursive: true });
  const input = caseAt(c.seed, c.index);
  const size = Object.values(input.files).reduce((n, f) => n + f.length, 0);
  const file = path.join(dir, `crash-${c.seed}-${c.index}.json`);
  // Small inputs are stored whole (they survive generator changes); big ones by seed and index.
  writeFileSync(file, JSON.stringify({ ...c, ...(size < 200_000 ? { input } : {}) }, null, 1) + '\n');
  return file;
}

function arg(argv: string[], name: string, def: number): number {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? Number(argv[i + 1]) : def;
}

/** `--kill-runs N`: random SIGKILLs of a tiny training run, each resumed and compared. */
async function killMain(argv: string[]): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-killfuzz-'));
  try {
    const backend = argv.includes('--backend') ? argv[argv.indexOf('--backend') + 1]! : 'wasm';
    const failures = await killFuzz(dir, arg(argv, '--kill-runs', 3), arg(argv, '--seed', 1), backend, (l) => void process.stdout.write(l + '\n'));
    for (const f of failures) process.stdout.write(`FAIL ${f}\n`);
    process.stdout.write(`kill-and-resume: ${failures.length} failures\n`);
    return failures.length ? 1 : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--kill-runs')) return killMain(argv);
  const runs = arg(argv, '--runs', 1000);
  const seed = arg(argv, '--seed', 1);
  const timeoutMs = arg(argv, '--timeout-ms', 20_000);
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed) || !(timeoutMs > 0)) {
    process.stderr.write('usage: npm run fuzz -- --runs N [--seed S] [--timeout-ms T] [--jobs J] [--save]\n');
    return 2;
  }
  const jobs = arg(argv, '--jobs', 1);
  const s = await fuzz(runs, seed, timeoutMs, 1536, (line) => void process.stderr.write(line + '\n'), jobs);
  const kinds = Object.entries(s.byKind).sort().map(([k, n]) => `${k} ${n}`).join(', ');
  process.stdout.write(`fuzz: seed ${seed}, ${s.inputs} inputs in ${s.seconds.toFixed(1)} s (${kinds})\n`);
  process.stdout.write(`crashes: ${s.crashes.length}\n`);
  process.stdout.write(`slowest input: #${s.slowest.index} (${s.slowest.kind}) ${s.slowest.ms.toFixed(0)} ms\n`);
  s.crashes.sort((a, b) => a.index - b.index);
  for (const c of s.crashes) {
    process.stdout.write(`CRASH #${c.index} (${c.kind}): ${c.why}\n`);
    if (argv.includes('--save')) process.stdout.write(`  saved ${saveCrash(c)}\n`);
  }
  return s.crashes.length ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main(process.argv.slice(2));
