/**
 * `npm run bench:resolve [-- DIR ...] [--scope NAME=DIR] [--runs N]`: resolves every bundled
 * config (and every .py under each DIR, e.g. MMYOLO's configs/) N times in-process and prints
 * the median milliseconds per config, plus how many resolved cleanly: cold (no reuse between
 * resolves, what one `yoloc resolve` process does) and warm (the in-process cache of unchanged
 * files, what a sweep or a later phase gets). MMEngine's Config.fromfile: about 23 ms median.
 * `--against DIR` (another checkout of yoloc, e.g. main's, with node_modules) also times that
 * checkout's resolver interleaved with this one, config by config in the same process, and prints
 * the median ratio of CPU times (this / DIR): the figure to trust on a busy machine.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { resolveConfig } from '../compiler/resolve.js';
import { hasErrors } from '../compiler/diagnostics/types.js';

const ROOT = path.resolve(import.meta.dirname, '..');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.py') && !p.includes(`${path.sep}_base_${path.sep}`)) out.push(p);
  }
  return out;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const args = process.argv.slice(2);
let runs = 20;
let against: string | undefined;
const scopes: Record<string, string> = {};
const dirs: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--runs') runs = Number(args[++i]);
  else if (a === '--against') against = path.resolve(args[++i]!);
  else if (a === '--scope') {
    const [k, v] = args[++i]!.split('=') as [string, string];
    scopes[k] = v;
  } else dirs.push(a);
}

const sets: [string, string[]][] = [['bundled', walk(path.join(ROOT, 'configs'))]];
for (const d of dirs) sets.push([d, walk(path.resolve(d))]);
for (const [name, files] of sets) {
  const ok = files.filter((f) => {
    const r = resolveConfig(f, { scopes });
    return r.value && !hasErrors(r.diagnostics);
  });
  // Wall and CPU time: on a shared machine CPU time is the steadier figure.
  const measure = (cache: boolean): string => {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (const f of ok) {
      const w: number[] = [];
      const c: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        resolveConfig(f, { scopes, cache });
        const dc = process.cpuUsage(c0);
        w.push(performance.now() - t0);
        c.push((dc.user + dc.system) / 1000);
      }
      wall.push(median(w));
      cpu.push(median(c));
    }
    return wall.length ? `${median(wall).toFixed(2)} wall / ${median(cpu).toFixed(2)} cpu` : 'n/a';
  };
  measure(false); // warm the JIT up first, so the first configs are not charged for it
  const cold = measure(false);
  const warm = measure(true);
  console.log(`${name}: ${ok.length}/${files.length} resolved (base files excluded); median ms per config: cold ${cold}, warm ${warm} (${runs} runs each; MMEngine: 23 ms)`);
}

if (against) {
  type Resolve = typeof resolveConfig;
  const other = (await import(path.join(against, 'compiler/resolve.ts'))) as { resolveConfig: Resolve };
  const cpuOf = (fn: () => void): number => {
    const c0 = process.cpuUsage();
    fn();
    const d = process.cpuUsage(c0);
    return (d.user + d.system) / 1000;
  };
  for (const [name, files] of sets) {
    const ok = files.filter((f) => {
      const r = resolveConfig(f, { scopes });
      return r.value && !hasErrors(r.diagnostics);
    });
    for (const cache of [false, true]) {
      for (const f of ok) for (let i = 0; i < 2; i++) (other.resolveConfig(f, { scopes, cache }), resolveConfig(f, { scopes, cache }));
      const ratios: number[] = [];
      const mine: number[] = [];
      const theirs: number[] = [];
      for (const f of ok) {
        const a: number[] = [];
        const b: number[] = [];
        // Alternate which goes first, so neither gets the warmer caches.
        for (let i = 0; i < runs; i++) {
          if (i % 2) {
            b.push(cpuOf(() => other.resolveConfig(f, { scopes, cache })));
            a.push(cpuOf(() => resolveConfig(f, { scopes, cache })));
          } else {
            a.push(cpuOf(() => resolveConfig(f, { scopes, cache })));
            b.push(cpuOf(() => other.resolveConfig(f, { scopes, cache })));
          }
        }
        mine.push(median(a));
        theirs.push(median(b));
        ratios.push(median(a) / Math.max(1e-6, median(b)));
      }
      console.log(`${name} ${cache ? 'warm' : 'cold'}: this ${median(mine).toFixed(2)} ms cpu, ${path.basename(against)} ${median(theirs).toFixed(2)} ms cpu per config; median ratio this/${path.basename(against)} ${median(ratios).toFixed(3)} (${ok.length} configs, ${runs} runs each, interleaved)`);
    }
  }
}
