/**
 * How many of an MMYOLO checkout's configs `yoloc compile` accepts and whose model runs a forward
 * pass (not part of `npm test`: it needs the checkout):
 *   node --import tsx tests/emit/sweep-mmyolo.ts <mmyolo>/configs [--typecheck] [--size 128] [--backend native] [--verbose]
 * Per config: resolve, check, compile (emit; with --typecheck also the TypeScript check of what
 * it emitted), and separately build the model from its `model` dict with MMYOLO's weights
 * initialisation and run one eval forward at --size (so a model that runs is counted even when
 * something else in its config, a transform or an optimizer, keeps compile from accepting it).
 * Prints one line per config and the totals, with the first error code of each failure grouped.
 */
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkFile } from '../../compiler/check/run.js';
import { compileConfig, createEmitProject } from '../../compiler/emit/index.js';
import { hasErrors } from '../../compiler/diagnostics/types.js';

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
const root = args.find((a, i) => !a.startsWith('--') && !['--size', '--backend'].includes(args[i - 1] ?? ''));
if (!root) {
  console.error('usage: sweep-mmyolo.ts <mmyolo>/configs [--typecheck] [--size 128] [--backend native] [--verbose]');
  process.exit(2);
}
const flag = (k: string, d: string) => (args.includes(k) ? args[args.indexOf(k) + 1]! : d);
const size = Number(flag('--size', '128'));
const typecheck = args.includes('--typecheck');
const verbose = args.includes('--verbose');

const { selectBackend, buildDetector, tf } = await import('../../runtime/index.js');
await selectBackend(flag('--backend', 'native'), { quiet: true });
const project = createEmitProject();
const out = mkdtempSync(path.join(tmpdir(), 'yoloc-sweep-'));
const counts = { configs: 0, resolved: 0, checkClean: 0, compiled: 0, forward: 0, compiledAndForward: 0 };
const why = new Map<string, number>();
const note = (k: string) => why.set(k, (why.get(k) ?? 0) + 1);
const families = new Map<string, { configs: number; forward: number; compiled: number }>();

for (const file of configsUnder(root)) {
  counts.configs++;
  const rel = path.relative(root, file);
  const fam = families.get(rel.split('/')[0]!) ?? { configs: 0, forward: 0, compiled: 0 };
  families.set(rel.split('/')[0]!, fam);
  fam.configs++;
  const checked = checkFile(file);
  const cfg = checked.value.config;
  if (!cfg) {
    note(`unresolved ${checked.diagnostics.find((d) => d.severity === 'error')?.code ?? '?'}`);
    console.log(`UNRESOLVED ${rel}`);
    continue;
  }
  counts.resolved++;
  if (!hasErrors(checked.diagnostics)) counts.checkClean++;
  let compiled = false;
  const r = compileConfig(file, { project, outDir: path.join(out, String(counts.configs)), noTypeCheck: !typecheck });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (r.value && !errors.length) {
    compiled = true;
    counts.compiled++;
    fam.compiled++;
  } else {
    const first = errors[0];
    note(`compile ${first?.code ?? '?'}${first?.code === 'YC6001' || first?.code === 'YC6005' ? ` ${first.message.replace(/^.*?type "?([\w.]+)"?.*$/, '$1')}` : ''}`);
  }
  let forward = false;
  let reason = '';
  const model = (cfg.data as Record<string, unknown>).model as Record<string, unknown> | undefined;
  try {
    const m = buildDetector(model ?? {});
    try {
      tf.tidy(() => {
        const o = m.forward(tf.zeros([1, size, size, 3]) as never, { training: false });
        if (!o.clsScores.length || o.clsScores.some((t) => t.shape[1] !== size / 8 && t.shape[1] !== size / 16 && t.shape[1] !== size / 32 && t.shape[1] !== size / 64)) {
          throw new Error(`unexpected output shapes ${o.clsScores.map((t) => t.shape).join(' ')}`);
        }
      });
      forward = true;
    } finally {
      m.dispose();
    }
  } catch (e) {
    reason = (e as { code?: string }).code ?? (e as Error).message;
    note(`forward ${reason.slice(0, 60)}`);
  }
  if (forward) {
    counts.forward++;
    fam.forward++;
  }
  if (forward && compiled) counts.compiledAndForward++;
  console.log(`${compiled ? 'COMPILES' : 'REFUSED '} ${forward ? 'RUNS   ' : 'NO-RUN '} ${rel}${verbose && !compiled ? `  (${errors.map((d) => `${d.code} ${d.message}`).slice(0, 2).join('; ')})` : ''}${verbose && !forward ? `  [${reason}]` : ''}`);
}
console.log(JSON.stringify({ ...counts, size, typecheck, families: Object.fromEntries(families), why: Object.fromEntries([...why].sort((a, b) => b[1] - a[1])) }, null, 1));
