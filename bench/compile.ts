/**
 * `npm run bench:compile [-- CONFIG ...] [--runs N]`: compile time per config, in-process.
 *   cold:  the first compile, with a fresh TypeScript Project (program built from nothing);
 *   emit:  resolve + check + emit without the type-check (same process, modules warm);
 *   touch: a --watch rebuild after a save that changes nothing (Project reused; same text, no tsc);
 *   edit:  a --watch rebuild after a one-value edit (randomness.seed: config.ts and its importers
 *          re-checked, other emitted files not), median of N.
 * Defaults to every bundled config that compiles (configs/ outside _base_). Nothing is written.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hasErrors } from '../compiler/diagnostics/types.js';
import { compileConfig, createEmitProject } from '../compiler/emit/index.js';

const ROOT = path.resolve(import.meta.dirname, '..');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== '_base_') walk(p, out);
    } else if (name.endsWith('.py')) out.push(p);
  }
  return out;
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]!;

const { values, positionals } = parseArgs({ options: { runs: { type: 'string', default: '3' } }, allowPositionals: true });
const runs = Math.max(1, Number(values.runs));
const configs = positionals.length ? positionals.map((p) => path.resolve(p)) : walk(path.join(ROOT, 'configs'));
const rows: string[][] = [['config', 'cold ms', 'emit ms', 'touch ms', 'edit ms', 'files', 'bytes']];
for (const file of configs) {
  const project = createEmitProject();
  const timed = (noTypeCheck: boolean, cfgOptions: string[] = []) => {
    const t0 = performance.now();
    const r = compileConfig(file, { project, noTypeCheck, cfgOptions, outDir: path.join(ROOT, 'generated', '.bench') });
    return { r, ms: performance.now() - t0 };
  };
  const cold = timed(false);
  if (!cold.r.value || hasErrors(cold.r.diagnostics)) {
    rows.push([path.relative(ROOT, file), 'does not compile', '', '', '', '', cold.r.diagnostics.map((d) => d.code).join(' ')]);
    continue;
  }
  const emit = median(Array.from({ length: runs }, () => timed(true).ms));
  const touch = median(Array.from({ length: runs }, () => timed(false).ms));
  const edit = median(Array.from({ length: runs }, (_, i) => timed(false, [`randomness.seed=${1000 + i}`]).ms));
  const bytes = [...cold.r.value.files.values()].reduce((s, t) => s + Buffer.byteLength(t), 0);
  rows.push([path.relative(ROOT, file), cold.ms.toFixed(0), emit.toFixed(0), touch.toFixed(0), edit.toFixed(0), String(cold.r.value.files.size), String(bytes)]);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
