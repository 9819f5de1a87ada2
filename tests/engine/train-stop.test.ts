/**
 * The train loop's checkpoints: a run stopped by --max-iters before its first checkpoint saves
 * one where it stopped (marked partial-epoch), and --resume from it ends bit for bit where an
 * uninterrupted run does; checkpoints leave no tensor behind (tf.memory().numTensors flat).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { resolveConfig } from '../../compiler/resolve.js';
import { selectBackend } from '../../runtime/backend/index.js';
import { synthDataset } from '../../runtime/data/index.js';
import { train } from '../../runtime/engine/train.js';
import { loadCheckpoint } from '../../runtime/engine/checkpoint.js';
import { writeTinyConfig } from '../helpers/tiny-config.js';

// native: deterministic kernels (fixed reduction order), so a resumed run can be compared bit for bit
await selectBackend('native', { quiet: true });
const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-stop-'));
synthDataset({ out: path.join(dir, 'data'), train: 4, val: 2, classes: 2, size: 64, seed: 9 });

function config(name: string, extra: string): Record<string, unknown> {
  const r = resolveConfig(writeTinyConfig(path.join(dir, name), path.join(dir, 'data'), extra));
  assert.ok(r.value, r.diagnostics.map((d) => d.message).join('\n'));
  return r.value.data;
}

test('a --max-iters stop mid-epoch saves a partial-epoch checkpoint; resuming it equals an uninterrupted run', async () => {
  // 2 iterations an epoch, checkpoints every 10 epochs: a 1-iteration smoke run saved nothing before
  const cfg = config('stop.py', `
train_cfg = dict(max_epochs=1, val_interval=100)
default_hooks = dict(param_scheduler=dict(max_epochs=1, warmup_mim_iter=1), checkpoint=dict(interval=10, save_best=None))`);
  const straight = path.join(dir, 'wd-straight');
  const broken = path.join(dir, 'wd-broken');
  await train({ config: cfg, workDir: straight, baseDir: dir, quiet: true });
  const smoke = await train({ config: cfg, workDir: broken, baseDir: dir, quiet: true, maxIters: 1 });
  assert.equal(smoke.lastCheckpoint, path.join(broken, 'iter_1.safetensors'));
  assert.equal(readFileSync(path.join(broken, 'last_checkpoint'), 'utf8').trim(), 'iter_1.safetensors');
  const partial = loadCheckpoint(smoke.lastCheckpoint!);
  assert.deepEqual([partial.meta.epoch, partial.meta.iter, partial.meta.iterInEpoch], [0, 1, 1]);
  assert.match(readFileSync(path.join(broken, 'train.log'), 'utf8'), /saved checkpoint iter_1\.safetensors at the stop \(iteration 1, 1 of 2 in epoch 1: a partial epoch\)/);

  // Resuming restores every weight, so a load_from (here a URL, refused otherwise) is not read.
  const rest = await train({ config: { ...cfg, load_from: 'https://example.org/coco.pth' }, workDir: broken, baseDir: dir, quiet: true, resume: true });
  assert.equal(rest.iters, 2);
  assert.match(readFileSync(path.join(broken, 'train.log'), 'utf8'), /load_from https:\/\/example\.org\/coco\.pth not loaded: resuming from .*iter_1\.safetensors/);
  assert.match(readFileSync(path.join(broken, 'train.log'), 'utf8'), /resumed from .*iter_1\.safetensors: epoch 0, iter 1 \(mid-epoch: its first 1 batch is skipped\)/);
  const a = loadCheckpoint(path.join(straight, 'epoch_1.safetensors'));
  const b = loadCheckpoint(path.join(broken, 'epoch_1.safetensors'));
  for (const part of ['model', 'ema', 'optimizer'] as const) {
    assert.ok(a[part].size > 0, part);
    for (const [k, t] of a[part]) assert.deepEqual(b[part].get(k)!.data, t.data, `${part} ${k} differs after resume`);
  }
  assert.deepEqual(a.meta.groups, b.meta.groups);
});

test('checkpoints keep tf.memory().numTensors flat (no optimizer-state clones left behind)', async () => {
  const cfg = config('ckpt.py', `
train_cfg = dict(max_epochs=3, val_interval=100)
default_hooks = dict(param_scheduler=dict(max_epochs=3), checkpoint=dict(interval=1, max_keep_ckpts=1, save_best=None))`);
  const counts: number[] = [];
  await train({ config: cfg, workDir: path.join(dir, 'wd-ckpt'), baseDir: dir, quiet: true, onCheckpoint: () => counts.push(tf.memory().numTensors) });
  assert.equal(counts.length, 3);
  // After the first epoch every momentum buffer and EMA copy exists: nothing may grow.
  assert.deepEqual(counts, [counts[0], counts[0], counts[0]], `numTensors at each checkpoint: ${counts}`);
});
