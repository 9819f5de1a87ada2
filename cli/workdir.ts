/**
 * A work dir per run, as MMEngine's Runner lays it out: `<work_dir>/<YYYYMMDD_HHMMSS>/` holds
 * this run's log (`<timestamp>.log`) and the resolved config it ran (`<config name>.py`, in
 * MMEngine's py format, as `yoloc resolve --format py` prints it). Checkpoints, `last_checkpoint`
 * and vis_data stay in the work dir itself, so `--resume` finds them whatever run wrote them.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toPythonConfig, toPythonJson } from '../compiler/inherit/print.js';
import type { ResolvedConfig } from '../compiler/types.js';

/** MMEngine's `time.strftime('%Y%m%d_%H%M%S', time.localtime())`. */
export function runTimestamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}_${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** The config's name without its extension: `yolov5_s-v61_fast_1xb12-40e_cat`. */
export function configName(file: string): string {
  return path.basename(file).replace(/\.(py|json|ya?ml|ts)$/i, '');
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** Makes this run's folder (a new one even when two runs start in the same second) and dumps the config into it. */
export function startRun(workDir: string, configFile: string, cfg: ResolvedConfig, now = new Date(), argv: readonly string[] = []): { runDir: string; logFile: string; configFile: string } {
  const stamp = runTimestamp(now);
  let name = stamp;
  for (let k = 1; ; k++) {
    try {
      mkdirSync(path.join(workDir, name), { recursive: false });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') mkdirSync(workDir, { recursive: true });
      else if ((e as NodeJS.ErrnoException).code === 'EEXIST') name = `${stamp}_${k}`;
      else throw e;
    }
  }
  const runDir = path.join(workDir, name);
  // a top-level key that is not a Python name cannot be written as .py: then the JSON form
  const py = toPythonConfig(cfg.value);
  const dump = path.join(runDir, `${configName(configFile)}${py.badKeys.length ? '.json' : '.py'}`);
  // what ran beyond the config: flags that are not config keys are named in a comment
  const header = `# resolved by yoloc from ${configFile}${argv.length ? `\n# yoloc ${argv.map((a) => (/^[\w./:=@+-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}` : ''}\n`;
  writeAtomic(dump, py.badKeys.length ? toPythonJson(cfg.value) + '\n' : header + py.text);
  return { runDir, logFile: path.join(runDir, `${name}.log`), configFile: dump };
}
