/**
 * Kill-and-resume for `yoloc train`, shared by tests/hardening/kill-resume.test.ts (fixed kill
 * points, bounded time) and `npm run fuzz -- --kill-runs N` (random kill points, longer):
 * a tiny config over the synth demo config, training runs SIGKILLed at chosen moments
 * (including while a checkpoint is being written), resumed with `--resume`, and compared
 * tensor by tensor with an uninterrupted run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { synthDataset } from '../../runtime/data/index.js';
import { loadCheckpoint, findLast } from '../../runtime/engine/checkpoint.js';
import { ROOT } from '../helpers/paths.js';

/** When to kill a run: after a delay, or as soon as a checkpoint temp file appears. */
export type KillPoint = { afterMs: number } | { duringCheckpointWrite: true } | { afterCheckpointMs: number };

/** Writes the tiny dataset and config under `dir`; returns the config path. */
export function tinySetup(dir: string, maxEpochs = 3): string {
  const data = path.join(dir, 'data');
  if (!existsSync(data)) synthDataset({ out: data, train: 8, val: 4, classes: 2, size: 64, seed: 3 });
  const cfg = path.join(dir, 'tiny.py');
  writeFileSync(cfg, `_base_ = ${JSON.stringify(path.join(ROOT, 'configs/starnet/yolov5_starnet_s050_synth_320.py'))}
data_root = ${JSON.stringify(data + '/')}
class_name = ('circle', 'square')
metainfo = dict(classes=class_name)
img_scale = (64, 64)
max_epochs = ${maxEpochs}
model = dict(bbox_head=dict(head_module=dict(num_classes=2)))
train_dataloader = dict(batch_size=2, num_workers=0, persistent_workers=False,
    dataset=dict(data_root=data_root, metainfo=metainfo))
val_dataloader = dict(batch_size=2, num_workers=0, persistent_workers=False,
    dataset=dict(data_root=data_root, metainfo=metainfo, batch_shapes_cfg=None))
test_dataloader = val_dataloader
val_evaluator = dict(ann_file=data_root + 'annotations/instances_val.json')
test_evaluator = val_evaluator
train_cfg = dict(max_epochs=max_epochs, val_interval=10)
default_hooks = dict(checkpoint=dict(interval=1, max_keep_ckpts=-1))
`);
  return cfg;
}

/** What one training process did. */
export interface RunOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  stdout: string;
  /** True when the kill fired while a `*.tmp-*` file was in the work dir. */
  killedDuringWrite: boolean;
}

/** Runs `yoloc train` once (with --resume when asked), killing it at `kill` if given. */
export function trainOnce(cfg: string, workDir: string, backend: string, resume: boolean, kill?: KillPoint): Promise<RunOutcome> {
  mkdirSync(workDir, { recursive: true });
  const args = ['bin/yoloc.js', 'train', cfg, '--work-dir', workDir, '--backend', backend, ...(resume ? ['--resume'] : [])];
  // One native thread per run: the uninterrupted run goes alongside the killed ones, and two
  // runs of two threads each would oversubscribe a 2-core machine. (The bits would be the same:
  // the native kernels' sums do not depend on the thread count.)
  const env = { ...process.env, YOLOC_THREADS: '1' };
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  let killedDuringWrite = false;
  let timer: NodeJS.Timeout | undefined;
  if (kill && 'afterMs' in kill) timer = setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
  if (kill && 'duringCheckpointWrite' in kill) {
    // Poll the work dir: a checkpoint is written to NAME.tmp-PID, fsynced, then renamed.
    const poll = (): void => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (readdirSync(workDir).some((f) => /\.tmp-\d+$/.test(f))) {
        killedDuringWrite = true;
        child.kill('SIGKILL');
        return;
      }
      timer = setTimeout(poll, 1);
    };
    poll();
  }
  if (kill && 'afterCheckpointMs' in kill) {
    // Wait for a new complete checkpoint (last_checkpoint rewritten), then kill mid next epoch.
    const pointer = path.join(workDir, 'last_checkpoint');
    const before = existsSync(pointer) ? readFileSync(pointer, 'utf8') : null;
    const poll = (): void => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (existsSync(pointer) && readFileSync(pointer, 'utf8') !== before) timer = setTimeout(() => child.kill('SIGKILL'), kill.afterCheckpointMs);
      else timer = setTimeout(poll, 20);
    };
    poll();
  }
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, stdout, killedDuringWrite });
    });
  });
}

/** Every epoch checkpoint in the work dir loads (no partial file under a final name), and
 *  `last_checkpoint` names one of them; returns the epoch numbers present. */
export function checkWorkDir(workDir: string): number[] {
  const epochs: number[] = [];
  for (const f of readdirSync(workDir)) {
    const m = /^epoch_(\d+)\.safetensors$/.exec(f);
    if (!m) continue;
    loadCheckpoint(path.join(workDir, f)); // throws on a partial file
    epochs.push(Number(m[1]));
  }
  const last = findLast(workDir);
  if (last) loadCheckpoint(last);
  else if (existsSync(path.join(workDir, 'last_checkpoint'))) throw new Error(`last_checkpoint names a missing file: ${readFileSync(path.join(workDir, 'last_checkpoint'), 'utf8')}`);
  return epochs.sort((a, b) => a - b);
}

/** The first difference between two checkpoints' weights, EMA, optimizer and meta, or null. */
export function diffCheckpoints(a: string, b: string): string | null {
  const x = loadCheckpoint(a);
  const y = loadCheckpoint(b);
  for (const part of ['model', 'ema', 'optimizer'] as const) {
    if (x[part].size !== y[part].size) return `${part}: ${x[part].size} vs ${y[part].size} tensors`;
    for (const [k, t] of x[part]) {
      const u = y[part].get(k);
      if (!u) return `${part}.${k} missing`;
      if (t.data.length !== u.data.length) return `${part}.${k}: shape`;
      const tb = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
      const ub = new Uint8Array(u.data.buffer, u.data.byteOffset, u.data.byteLength);
      for (let i = 0; i < tb.length; i++) if (tb[i] !== ub[i]) return `${part}.${k} differs at byte ${i}`;
    }
  }
  // The best checkpoint's path names the work dir; its file name must agree.
  const m = (c: typeof x): string => {
    const meta = c.meta as unknown as Record<string, unknown>;
    return JSON.stringify({ ...meta, config: undefined, bestFile: typeof meta.bestFile === 'string' ? path.basename(meta.bestFile) : meta.bestFile });
  };
  return m(x) === m(y) ? null : `meta differs: ${m(x).slice(0, 200)} vs ${m(y).slice(0, 200)}`;
}

/** Random kill points, `trials` times: each trial kills and resumes until a run finishes, then
 *  compares with one uninterrupted run. Returns the trials whose final state differs. */
export async function killFuzz(dir: string, trials: number, seed: number, backend: string, log: (line: string) => void): Promise<string[]> {
  const cfg = tinySetup(dir, 3);
  const ref = path.join(dir, 'ref');
  const done = await trainOnce(cfg, ref, backend, false);
  if (done.code !== 0) return [`reference run failed: ${done.stderr.slice(-500)}`];
  let state = seed >>> 0 || 1;
  const rand = (): number => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const failures: string[] = [];
  for (let t = 0; t < trials; t++) {
    const w = path.join(dir, `trial${t}`);
    const kills: string[] = [];
    for (let k = 0; ; k++) {
      const point: KillPoint | undefined = k >= 6 ? undefined : rand() < 0.3 ? { duringCheckpointWrite: true } : { afterMs: Math.floor(500 + rand() * 40_000) };
      const r = await trainOnce(cfg, w, backend, k > 0, point);
      kills.push(point ? ('afterMs' in point ? `${point.afterMs}ms` : 'in-write') : 'end');
      try {
        checkWorkDir(w);
      } catch (e) {
        failures.push(`trial ${t} after ${kills.join(',')}: ${(e as Error).message}`);
        break;
      }
      if (r.code === 0) {
        const diff = diffCheckpoints(path.join(ref, 'epoch_3.safetensors'), path.join(w, 'epoch_3.safetensors'));
        if (diff) failures.push(`trial ${t} (${kills.join(',')}): ${diff}`);
        log(`kill trial ${t}: kills ${kills.join(', ')}: ${diff ?? 'identical'}`);
        break;
      }
      if (r.signal !== 'SIGKILL') {
        failures.push(`trial ${t}: exit ${r.code}: ${r.stderr.slice(-300)}`);
        break;
      }
    }
  }
  return failures;
}
