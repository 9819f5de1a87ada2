/**
 * oneDNN beside our kernels on our layer shapes (bench/conv_layers.ts), forward and backward, in
 * one process (bench/onednn/onednn_conv.cc, built on first use; needs `apt-get install -y
 * libdnnl-dev`), the engines taking turns layer by layer, best of --iters rounds:
 *
 *   node --import tsx bench/onednn/run.ts [--threads 2] [--levels avx2,avx512] [--isa AVX2]
 *     [--only F5,F8] [--ops fwd,fwd_silu,bwd_in,bwd_w] [--iters 5] [--json OUT]
 *
 * Prints milliseconds per layer and op: ours at each SIMD level, oneDNN with NHWC activations
 * (our layout; for the forward also in its own blocked layout), and our best level / oneDNN's, then
 * the totals. --isa caps oneDNN (ONEDNN_MAX_CPU_ISA, e.g. AVX2). --threads sets both engines'
 * threads (ours: the pool; oneDNN: OMP_NUM_THREADS). On a shared machine --threads 1 compares the
 * work per core with less noise.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CONV_LAYERS, convGflop } from '../conv_layers.js';
import { buildOnednnHarness } from './build.js';

const { values: o } = parseArgs({
  options: {
    threads: { type: 'string', default: '2' }, levels: { type: 'string', default: 'avx2,avx512' }, isa: { type: 'string' },
    only: { type: 'string' }, ops: { type: 'string', default: 'fwd,fwd_silu,bwd_in,bwd_w' }, iters: { type: 'string', default: '5' },
    json: { type: 'string' },
  },
});
const only = o.only ? new Set(o.only.split(',')) : null;
const layers = CONV_LAYERS.filter((l) => !only || only.has(l.name));
const ops = o.ops.split(',');
const bin = buildOnednnHarness();
type Times = Record<string, number>;
interface Row { name: string; ours: Record<string, Times>; onednn: Times; impl: Record<string, string> }
const r = spawnSync(bin, ['--iters', o.iters, '--threads', o.threads, '--levels', o.levels], {
  input: layers.map((l) => [l.name, l.n, l.h, l.w, l.c, l.kh, l.kw, l.co, l.sh, l.sw, l.ph, l.pw, l.groups].join(' ')).join('\n'),
  encoding: 'utf8', maxBuffer: 1 << 26,
  env: { ...process.env, OMP_NUM_THREADS: o.threads, ...(o.isa ? { ONEDNN_MAX_CPU_ISA: o.isa } : {}) },
});
if (r.status !== 0) throw new Error(`onednn_conv failed: ${r.stderr}`);
const rows = r.stdout.trim().split('\n').map((line) => JSON.parse(line) as Row);
const totals = new Map<string, number>();
const add = (k: string, v: number): void => { totals.set(k, (totals.get(k) ?? 0) + v); };
for (const row of rows) {
  const l = layers.find((x) => x.name === row.name)!;
  const shape = `${l.n}x${l.h}x${l.w}x${l.c} k${l.kh} s${l.sh} -> ${l.co}${l.groups > 1 ? ' dw' : ''}`;
  for (const op of ops) {
    const levels = Object.keys(row.ours);
    const ours = levels.map((lv) => row.ours[lv]![op]!);
    const best = Math.min(...ours);
    const d = row.onednn[op]!;
    levels.forEach((lv, i) => add(`ours:${lv}`, ours[i]!));
    add('onednn', d);
    const gf = convGflop(l) / (best / 1e3);
    console.log(`${row.name.padEnd(4)} ${shape.padEnd(30)} ${op.padEnd(8)} `
      + levels.map((lv, i) => `${lv} ${ours[i]!.toFixed(3).padStart(7)}`).join('  ')
      + `  onednn ${d.toFixed(3).padStart(7)}${op === 'fwd' ? ` (blocked ${row.onednn.fwd_blocked!.toFixed(3)})` : ''}`
      + `  ours/onednn ${(best / d).toFixed(2)}  ${gf.toFixed(0)} GF/s  ${row.impl[op === 'fwd_silu' ? 'fwd' : op] ?? ''}`);
  }
}
console.log(`totals (ms, ${o.threads} thread${o.threads === '1' ? '' : 's'}${o.isa ? `, oneDNN ISA <= ${o.isa}` : ''}): `
  + [...totals].map(([k, v]) => `${k} ${v.toFixed(1)}`).join('  '));
if (o.json) writeFileSync(o.json, JSON.stringify({ threads: Number(o.threads), isa: o.isa ?? 'best', rows }, null, 1));
