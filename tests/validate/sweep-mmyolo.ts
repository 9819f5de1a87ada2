/**
 * Validates every config of an MMYOLO checkout (not part of `npm test`: it needs the checkout).
 *   node --import tsx tests/validate/sweep-mmyolo.ts <mmyolo>/configs [--scope mmdet=<mmdetection>/configs] [--verbose]
 * Prints, per config, the resolve outcome and the validation codes, then the totals.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { resolveConfig } from '../../compiler/resolve.js';
import { validateConfig } from '../../compiler/validate/index.js';
import { renderText } from '../../compiler/diagnostics/render.js';

function configsUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...configsUnder(p));
    else if (name.endsWith('.py')) out.push(p);
  }
  return out;
}

const args = process.argv.slice(2);
const root = args.find((a) => !a.startsWith('--') && !a.includes('='));
if (!root) {
  console.error('usage: sweep-mmyolo.ts <mmyolo>/configs [--scope name=dir] [--verbose]');
  process.exit(2);
}
const scopes: Record<string, string> = {};
args.forEach((a, i) => {
  if (a === '--scope' && args[i + 1]) {
    const [k, v] = args[i + 1]!.split('=');
    if (k && v) scopes[k] = v;
  }
});
const verbose = args.includes('--verbose');
const counts = { configs: 0, resolved: 0, unresolved: 0, clean: 0, withErrors: 0, withWarnings: 0 };
const byCode = new Map<string, number>();
let ms = 0;
for (const file of configsUnder(root)) {
  counts.configs++;
  const r = resolveConfig(file, { scopes });
  const rel = path.relative(root, file);
  if (!r.value) {
    counts.unresolved++;
    console.log(`UNRESOLVED ${rel}: ${r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`).slice(0, 1).join('; ')}`);
    continue;
  }
  counts.resolved++;
  const t0 = performance.now();
  const v = validateConfig(r.value);
  ms += performance.now() - t0;
  const errors = v.diagnostics.filter((d) => d.severity === 'error');
  const warnings = v.diagnostics.filter((d) => d.severity === 'warning');
  for (const d of v.diagnostics) byCode.set(d.code, (byCode.get(d.code) ?? 0) + 1);
  if (errors.length) counts.withErrors++;
  else counts.clean++;
  if (warnings.length) counts.withWarnings++;
  if (v.diagnostics.length) {
    console.log(`${errors.length ? 'ERRORS' : 'WARNINGS'} ${rel}: ${v.diagnostics.length}`);
    if (verbose) console.log(renderText(v.diagnostics, { cwd: root }));
    else for (const d of v.diagnostics) console.log(`  ${d.code} ${d.message}`);
  }
}
console.log(JSON.stringify({ ...counts, byCode: Object.fromEntries(byCode), validateMsTotal: Math.round(ms) }));
