/**
 * Checkpoints: one safetensors file holding the model weights (state_dict names, as MMYOLO),
 * the EMA weights (`ema.` prefix), the optimizer's momentum buffers (`optimizer.` prefix), and in
 * its metadata the JSON of everything else needed to resume exactly (epoch, iteration, param
 * group lr/momentum, EMA step count, RNG state, best metric). Written to a temp file and renamed,
 * so a killed run never leaves a partial file under a checkpoint's name; `last_checkpoint`
 * (MMEngine's name) is updated the same way, after the checkpoint itself is complete.
 */
import { existsSync, readFileSync, readdirSync, renameSync, unlinkSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
import { readSafetensorsFile, writeSafetensors, type TensorData } from '../io/safetensors.js';
import { YolocError } from '../errors.js';

export interface CheckpointMeta {
  /** Epochs completed. */
  epoch: number;
  /** Iterations completed over the whole run. */
  iter: number;
  [key: string]: unknown;
}

export interface Checkpoint {
  model: Map<string, TensorData>;
  ema: Map<string, TensorData>;
  optimizer: Map<string, TensorData>;
  meta: CheckpointMeta;
}

const FORMAT = 'yoloc-checkpoint-1';

/** Writes a checkpoint atomically. */
export function saveCheckpoint(file: string, ckpt: Checkpoint): void {
  const all = new Map<string, TensorData>();
  for (const [k, v] of ckpt.model) all.set(`state_dict.${k}`, v);
  for (const [k, v] of ckpt.ema) all.set(`ema.${k}`, v);
  for (const [k, v] of ckpt.optimizer) all.set(`optimizer.${k}`, v);
  writeSafetensors(file, all, { format: FORMAT, meta: JSON.stringify(ckpt.meta) });
}

/** Reads a checkpoint written by saveCheckpoint; anything else is a YC7401 naming the file. */
export function loadCheckpoint(file: string): Checkpoint {
  const { tensors, metadata } = readSafetensorsFile(file);
  if (metadata.format !== FORMAT || typeof metadata.meta !== 'string') {
    throw new YolocError('YC7401', 'not a yoloc training checkpoint (no resume state in its metadata)', file,
      'pass a checkpoint written by `yoloc train` (work_dir/epoch_N.safetensors), or use --load-from for plain weights');
  }
  let meta: CheckpointMeta;
  try {
    meta = JSON.parse(metadata.meta);
  } catch {
    throw new YolocError('YC7401', 'checkpoint metadata is not valid JSON', file);
  }
  const ckpt: Checkpoint = { model: new Map(), ema: new Map(), optimizer: new Map(), meta };
  for (const [k, v] of tensors) {
    const dot = k.indexOf('.');
    const part = k.slice(0, dot);
    const name = k.slice(dot + 1);
    if (part === 'state_dict') ckpt.model.set(name, v);
    else if (part === 'ema') ckpt.ema.set(name, v);
    else if (part === 'optimizer') ckpt.optimizer.set(name, v);
  }
  return ckpt;
}

/** Writes a small text file atomically (temp + fsync + rename). */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  const fd = openSync(tmp, 'r+');
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, file);
}

/** Points `last_checkpoint` in the work dir at a checkpoint (after it is fully written). */
export function markLast(workDir: string, file: string): void {
  writeFileAtomic(path.join(workDir, 'last_checkpoint'), path.basename(file) + '\n');
}

/** The checkpoint to resume from: `last_checkpoint`'s target, if complete; else null. */
export function findLast(workDir: string): string | null {
  const pointer = path.join(workDir, 'last_checkpoint');
  if (!existsSync(pointer)) return null;
  const name = readFileSync(pointer, 'utf8').trim();
  const file = path.join(workDir, name);
  return existsSync(file) ? file : null;
}

/** Deletes all but the newest `keep` epoch checkpoints (CheckpointHook's max_keep_ckpts), and stale temp files. */
export function pruneCheckpoints(workDir: string, keep: number, protect: string[] = []): void {
  const files = readdirSync(workDir);
  for (const f of files) if (/\.tmp-\d+$/.test(f)) tryUnlink(path.join(workDir, f));
  if (keep < 0) return;
  const epochs = files
    .map((f) => /^epoch_(\d+)\.safetensors$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]));
  for (const m of epochs.slice(keep)) {
    const f = path.join(workDir, m[0]);
    if (!protect.includes(f)) tryUnlink(f);
  }
}

function tryUnlink(f: string): void {
  try {
    unlinkSync(f);
  } catch {
    /* already gone */
  }
}
