/** `yoloc train CONFIG`: checks the config, then trains as MMYOLO's YOLOv5 recipe (runtime/engine/train.ts). */
import path from 'node:path';
import { UsageError, parseCommandArgs, requireFile, shownPath, usageError, backendFlag } from './common.js';
import { findLast } from '../runtime/engine/checkpoint.js';
import { helpText } from './commands.js';
import { ConfigErrors, expandCfgOptions, loadCheckedConfig, parseScopes } from './config.js';
import { configName, startRun } from './workdir.js';
import { renderText } from '../compiler/diagnostics/render.js';
import { provenanceOf } from '../compiler/types.js';
import { YolocError } from '../runtime/errors.js';
import { loadFromPath } from '../runtime/engine/load-from.js';

const USAGE = helpText('train', `usage: yoloc train CONFIG [options]

Checks CONFIG (as yoloc check does), then trains. Checkpoints (epoch_N.safetensors, best_*,
last_checkpoint) and vis_data/ (scalars.json, curves.png) go to the work dir; each run also gets
WORK_DIR/<YYYYMMDD_HHMMSS>/ with its log and the resolved config it ran (<config name>.py), as
MMEngine writes them.

options:
  --work-dir DIR         where checkpoints and logs go (default work_dirs/<config name>)
  --resume [FILE]        continue from FILE, or from the work dir's last checkpoint
  --load-from W          initial weights (.safetensors or .pth); overrides the config's load_from
  --backend NAME         tensorflow | webgpu | native | wasm | cpu (default: the best that loads)
  --max-epochs N         override train_cfg.max_epochs
  --max-iters N          stop after N iterations in total (smoke runs)
  --seed N               data order and augmentation seed (default randomness.seed or 0)
  --cfg-options K=V ...  overrides, MMEngine syntax: a.b=1 a.b=[1,2] a.b=(1,2)
  --scope NAME=DIR       folder of a package's configs, for NAME::path bases (repeatable)
  --quiet                no log lines on stdout (the log file is still written)`);

function intFlag(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`${name} takes a non-negative integer, not '${v}'`);
  return Number(v);
}

/** Runs `yoloc train`. */
export async function run(argv: string[]): Promise<number> {
  const given = [...argv];
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
  backendFlag(values.backend);
  if (positionals.length !== 1) throw usageError(`expected one CONFIG, got ${positionals.length}`, USAGE);
  const file = positionals[0]!;
  // every flag and input file is checked before the config, the backend or a run folder
  const ints = { maxEpochs: intFlag(values['max-epochs'], '--max-epochs'), maxIters: intFlag(values['max-iters'], '--max-iters'), seed: intFlag(values.seed, '--seed') };
  requireFile(typeof resume === 'string' ? resume : undefined, '--resume');
  requireFile(values['load-from'], '--load-from');
  const cfg = loadCheckedConfig(file, {
    cfgOptions: values['cfg-options'], scopes: parseScopes(values.scope),
    needs: { command: 'train', keys: ['model', 'train_dataloader', 'train_cfg', 'optim_wrapper'] },
    // --load-from replaces the config's load_from: its URL warning does not apply
    skip: (d) => d.code === 'YC7404' && values['load-from'] !== undefined,
  });
  const workDir = values['work-dir'] ?? path.join('work_dirs', configName(file));
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
  if (resume === true && !findLast(workDir)) {
    console.error(`yoloc: --resume: no checkpoint in ${workDir} yet (no last_checkpoint), so this run starts from the beginning`);
  }
  const { selectBackend } = await import('../runtime/backend/index.js');
  await selectBackend(values.backend);
  const { train } = await import('../runtime/engine/train.js');
  const thisRun = startRun(workDir, file, cfg, new Date(), ['train', ...given]);
  if (!values.quiet) console.error(`yoloc: this run's log and resolved config: ${shownPath(thisRun.runDir)}${path.sep}`);
  const r = await train({
    config: cfg.data, workDir, logFile: thisRun.logFile, resume, loadFrom: values['load-from'], ...ints, quiet: values.quiet,
  });
  if (!values.quiet) {
    const last = r.lastCheckpoint ? `last checkpoint ${shownPath(r.lastCheckpoint)}` : 'no checkpoint written';
    const n = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
    console.error(`yoloc: trained ${n(r.iters, 'iteration')} (${n(r.epochs, 'epoch')}): ${last}; log ${shownPath(thisRun.logFile)}`);
  }
  if (r.lastMetrics) console.log(JSON.stringify(r.lastMetrics));
  return 0;
}
