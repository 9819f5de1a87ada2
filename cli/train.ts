/** `yoloc train CONFIG`: checks the config, then trains as MMYOLO's YOLOv5 recipe (runtime/engine/train.ts). */
import path from 'node:path';
import { UsageError, parseCommandArgs } from './common.js';
import { ConfigErrors, expandCfgOptions, loadCheckedConfig, parseScopes } from './config.js';
import { renderText } from '../compiler/diagnostics/render.js';
import { provenanceOf } from '../compiler/types.js';
import { YolocError } from '../runtime/errors.js';
import { loadFromPath } from '../runtime/engine/load-from.js';
import { findLast } from '../runtime/engine/checkpoint.js';

const USAGE = `usage: yoloc train CONFIG [options]

options:
  --work-dir DIR         where checkpoints and logs go (default work_dirs/<config name>)
  --resume [FILE]        continue from FILE, or from the work dir's last checkpoint
  --load-from W          initial weights (.safetensors or .pth); overrides the config's load_from
  --backend NAME         tensorflow | webgpu | native | wasm | cpu (default: the best that loads)
  --max-epochs N         override train_cfg.max_epochs
  --max-iters N          stop after N iterations in total (smoke runs)
  --seed N               data order and augmentation seed (default randomness.seed or 0)
  --cfg-options K=V ...  MMEngine-style overrides
  --scope NAME=DIR       configs folder of a package, for NAME::path bases
  --quiet                no log lines on stdout (train.log is still written)`;

function intFlag(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`${name} takes a non-negative integer, not '${v}'`);
  return Number(v);
}

/** Runs `yoloc train`. */
export async function run(argv: string[]): Promise<number> {
  // `--resume` may stand alone or take a file
  const resumeAt = argv.indexOf('--resume');
  let resume: boolean | string = false;
  if (resumeAt >= 0) {
    const next = argv[resumeAt + 1];
    resume = next && !next.startsWith('--') && /\.(safetensors|pth)$/.test(next) ? next : true;
    argv = argv.filter((_, i) => i !== resumeAt && !(typeof resume === 'string' && i === resumeAt + 1));
  }
  const args = parseCommandArgs(expandCfgOptions(argv), {
    'work-dir': { type: 'string' }, 'load-from': { type: 'string' }, backend: { type: 'string' },
    'max-epochs': { type: 'string' }, 'max-iters': { type: 'string' }, seed: { type: 'string' },
    'cfg-options': { type: 'string', multiple: true }, scope: { type: 'string', multiple: true }, quiet: { type: 'boolean' },
  }, USAGE);
  if (!args) return 0;
  const { values, positionals } = args;
  if (positionals.length !== 1) throw new UsageError(`expected one CONFIG\n${USAGE}`);
  const file = positionals[0]!;
  const cfg = loadCheckedConfig(file, {
    cfgOptions: values['cfg-options'], scopes: parseScopes(values.scope),
    // --load-from replaces the config's load_from: its URL warning does not apply
    skip: (d) => d.code === 'YC7404' && values['load-from'] !== undefined,
  });
  const workDir = values['work-dir'] ?? path.join('work_dirs', path.basename(file).replace(/\.(py|json|ya?ml|ts)$/, ''));
  const resuming = typeof resume === 'string' || (resume && findLast(workDir) !== null);
  try {
    // a URL or missing file: refused before any tensor exists (not read at all when resuming)
    if (!resuming) loadFromPath(values['load-from'], cfg.data.load_from);
  } catch (e) {
    if (!(e instanceof YolocError) || values['load-from'] !== undefined) throw e;
    // The config's own load_from: point at its line.
    console.error(renderText([{ code: e.code, severity: 'error', message: e.message, fix: e.fix, path: '/load_from', span: provenanceOf(cfg, '/load_from')?.span }]));
    throw new ConfigErrors();
  }
  const { selectBackend } = await import('../runtime/backend/index.js');
  await selectBackend(values.backend);
  const { train } = await import('../runtime/engine/train.js');
  const r = await train({
    config: cfg.data, workDir, resume, loadFrom: values['load-from'],
    maxEpochs: intFlag(values['max-epochs'], '--max-epochs'), maxIters: intFlag(values['max-iters'], '--max-iters'),
    seed: intFlag(values.seed, '--seed'), quiet: values.quiet,
  });
  if (r.lastMetrics) console.log(JSON.stringify(r.lastMetrics));
  return 0;
}
