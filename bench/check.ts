/**
 * `npm run bench:check [-- DIR ...] [--scope NAME=DIR] [--runs N]`: runs `yoloc check` in-process
 * on every bundled config (and every .py under each DIR, e.g. MMYOLO's configs/) N times and
 * prints the median milliseconds per config for each phase (resolve, validate, shapes), with
 * the shape findings per config. Configs that do not resolve are counted and skipped.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { checkShapes } from '../compiler/check/index.js';
import { hasErrors } from '../compiler/diagnostics/types.js';
import { resolveConfig } from '../compiler/resolve.js';
import { validateConfig } from '../compiler/validate/index.js';

const ROOT = path.resolve(import.meta.dirname, '..');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== '_base_') walk(p, out);
    } else if (/\.(py|json|ya?ml)$/.test(name)) out.push(p);
  }
  return out;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median time of f over n runs, in ms. */
function time(n: number, f: () => void): number {
  const ts: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    f();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

const args = process.argv.slice(2);
let runs = 10;
const scopes: Record<string, string> = {};
const dirs: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--runs') runs = Number(args[++i]);
  else if (a === '--scope') {
    const v = args[++i]!;
    scopes[v.slice(0, v.indexOf('='))] = v.slice(v.indexOf('=') + 1);
  } else dirs.push(a);
}

const sets: [string, string, string[]][] = [['bundled', path.join(ROOT, 'configs'), walk(path.join(ROOT, 'configs'))]];
for (const d of dirs) sets.push([d, path.resolve(d), walk(path.resolve(d))]);
for (const [name, base, files] of sets) {
  const totals = { resolve: [] as number[], validate: [] as number[], shapes: [] as number[], all: [] as number[] };
  const findings = new Map<string, number>();
  let unresolved = 0;
  const verbose = name === 'bundled';
  for (const f of files) {
    const r = resolveConfig(f, { scopes });
    if (!r.value || hasErrors(r.diagnostics)) {
      unresolved++;
      continue;
    }
    const cfg = r.value;
    const tr = time(runs, () => void resolveConfig(f, { scopes }));
    const tv = time(runs, () => void validateConfig(cfg));
    const ts = time(runs, () => void checkShapes(cfg));
    const codes = checkShapes(cfg).diagnostics.map((d) => d.code);
    for (const c of codes) findings.set(c, (findings.get(c) ?? 0) + 1);
    totals.resolve.push(tr);
    totals.validate.push(tv);
    totals.shapes.push(ts);
    totals.all.push(tr + tv + ts);
    if (verbose || codes.length) {
      console.log(`  ${path.relative(base, f)}: resolve ${tr.toFixed(2)} ms, validate ${tv.toFixed(2)} ms, shapes ${ts.toFixed(3)} ms${codes.length ? `  [${codes.join(', ')}]` : ''}`);
    }
  }
  const m = (xs: number[]) => (xs.length ? median(xs) : NaN);
  console.log(`${name}: ${files.length - unresolved}/${files.length} configs resolved; median per config: check ${m(totals.all).toFixed(2)} ms ` +
    `(resolve ${m(totals.resolve).toFixed(2)}, validate ${m(totals.validate).toFixed(2)}, shapes ${m(totals.shapes).toFixed(3)}); ` +
    `${runs} runs each; shape findings: ${[...findings].map(([c, n]) => `${c} x${n}`).join(', ') || 'none'}`);
}
