/**
 * Compares `yoloc resolve` with MMEngine's Config.fromfile on a corpus (not part of `npm test`:
 * it needs the corpus and the JSON mmengine_dump.py wrote from it).
 *   node --import tsx tests/frontend/mmengine/sweep.ts DUMP.json ROOT [--scope NAME=DIR ...] [--verbose]
 * Each config of the dump is resolved with the environment {HOME: '/home/yoloc'} (as
 * mmengine_dump.py gives MMEngine) and counted as: same (byte-identical JSON), both refuse,
 * yoloc alone refuses (with the first error), MMEngine alone refuses, or differ.
 * A refusal yoloc may have alone: a config that defines a class or calls Config.fromfile.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveConfig } from '../../../compiler/resolve.js';
import { toPythonJson } from '../../../compiler/inherit/print.js';

const args = process.argv.slice(2);
const [dumpFile, root] = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--scope');
if (!dumpFile || !root) {
  console.error('usage: sweep.ts DUMP.json ROOT [--scope NAME=DIR ...] [--verbose]');
  process.exit(2);
}
const scopes: Record<string, string> = {};
args.forEach((a, i) => {
  if (a === '--scope') {
    const [k, v] = args[i + 1]!.split('=') as [string, string];
    scopes[k] = v;
  }
});
const verbose = args.includes('--verbose');
const dump = JSON.parse(readFileSync(dumpFile, 'utf8')) as Record<string, { ok: boolean; json?: string; error?: string }>;
const env = { HOME: '/home/yoloc' };
const counts = { configs: 0, same: 0, bothRefuse: 0, yolocAloneRefusesAllowed: 0, yolocAloneRefuses: 0, mmengineAloneRefuses: 0, differ: 0 };
const lines: string[] = [];

for (const [rel, mm] of Object.entries(dump)) {
  counts.configs++;
  const file = path.join(root, rel);
  const r = resolveConfig(file, { env, scopes, cache: true });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  const ours = r.value && !errors.length ? toPythonJson(r.value.value) : null;
  const first = errors[0] ? `${errors[0].code} ${errors[0].message.split('\n')[0]} (${path.relative(root, errors[0].span?.file ?? file)}:${errors[0].span?.line ?? 0})` : '';
  if (mm.ok && ours !== null) {
    if (ours === mm.json) counts.same++;
    else {
      counts.differ++;
      lines.push(`DIFFER ${rel}`);
      if (verbose) {
        const a = ours.split('\n');
        const b = mm.json!.split('\n');
        const i = a.findIndex((l, k) => l !== b[k]);
        lines.push(`  first difference at line ${i + 1}: yoloc ${JSON.stringify(a[i])} vs MMEngine ${JSON.stringify(b[i])}`);
      }
    }
  } else if (!mm.ok && ours === null) {
    counts.bothRefuse++;
    if (verbose) lines.push(`both refuse ${rel}\n  MMEngine: ${mm.error!.split('\n')[0]!.slice(0, 200)}\n  yoloc: ${first}`);
  } else if (mm.ok) {
    const text = readFileSync(file, 'utf8');
    const allowed = /^\s*class\s/m.test(text) || /Config\.fromfile\(/.test(text);
    if (allowed) counts.yolocAloneRefusesAllowed++;
    else counts.yolocAloneRefuses++;
    lines.push(`${allowed ? 'yoloc refuses (class / Config.fromfile)' : 'YOLOC ALONE REFUSES'} ${rel}: ${first}`);
  } else {
    counts.mmengineAloneRefuses++;
    lines.push(`MMENGINE ALONE REFUSES ${rel}: ${mm.error!.split('\n')[0]!.slice(0, 300)}`);
  }
}
console.log(lines.join('\n'));
console.log(JSON.stringify(counts));
