/**
 * The training engine end to end at tiny scale: the loss falls, a checkpoint round-trips
 * through `yoloc test`'s loader, and a run stopped after one epoch then resumed ends with
 * exactly the weights, EMA and optimizer state of an uninterrupted run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveConfig } from '../../compiler/resolve.js';
import { selectBackend } from '../../runtime/backend/index.js';
import { synthDataset } from '../../runtime/data/index.js';
import { train } from '../../runtime/engine/train.js';
import { test as runTest } from '../../runtime/engine/test.js';
import { loadCheckpoint } from '../../runtime/engine/checkpoint.js';
import { writeTinyConfig } from '../helpers/tiny-config.js';

// wasm: deterministic kernels, so a resumed run can be compared bit for bit
await selectBackend('wasm', { quiet: true });

const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-train-'));
synthDataset({ out: path.join(dir, 'data'), train: 8, val: 4, classes: 2, size: 64, seed: 3 });

/** A tiny config over the demo config: 64 px, 2 classes, batch 2, no workers. */
function writeConfig(name: string, extra: string): string {
  return writeTinyConfig(path.join(dir, name), path.join(dir, 'data'), extra);
}

function load(file: string): Record<string, unknown> {
  const r = resolveConfig(file);
  assert.ok(r.value, r.diagnostics.map((d) => d.message).join('\n'));
  return r.value.data;
}

test('the loss falls when a tiny detector trains on a fixed set', async () => {
  const cfg = load(writeConfig('fall.py', `
train_cfg = dict(max_epochs=10, val_interval=100)
default_hooks = dict(param_scheduler=dict(max_epochs=10, warmup_epochs=0, warmup_mim_iter=1),
                     checkpoint=dict(interval=100, save_best=None))
optim_wrapper = dict(optimizer=dict(lr=0.1))`));
  const r = await train({ config: cfg, workDir: path.join(dir, 'wd-fall'), baseDir: dir, quiet: true });
  assert.equal(r.iters, 40);
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  const first = mean(r.losses.slice(0, 8));
  const last = mean(r.losses.slice(-8));
  assert.ok(last < 0.85 * first, `loss ${first.toFixed(4)} -> ${last.toFixed(4)}`);
  // the last epoch is always checkpointed, and `last_checkpoint` points at it
  assert.equal(readFileSync(path.join(dir, 'wd-fall', 'last_checkpoint'), 'utf8').trim(), 'epoch_10.safetensors');
  assert.ok(existsSync(path.join(dir, 'wd-fall', 'curves.png')));
});

test('resume after an interruption ends exactly where an uninterrupted run does', async () => {
  const extra = `
train_cfg = dict(max_epochs=3, val_interval=100)
default_hooks = dict(param_scheduler=dict(max_epochs=3, warmup_mim_iter=5),
                     checkpoint=dict(interval=1, max_keep_ckpts=5, save_best=None))`;
  const cfg = load(writeConfig('resume.py', extra));
  const straight = path.join(dir, 'wd-straight');
  const broken = path.join(dir, 'wd-broken');
  await train({ config: cfg, workDir: straight, baseDir: dir, quiet: true });
  const part = await train({ config: cfg, workDir: broken, baseDir: dir, quiet: true, maxEpochs: 1 });
  assert.equal(part.epochs, 1);
  const rest = await train({ config: cfg, workDir: broken, baseDir: dir, quiet: true, resume: true });
  assert.equal(rest.iters, 12);
  const a = loadCheckpoint(path.join(straight, 'epoch_3.safetensors'));
  const b = loadCheckpoint(path.join(broken, 'epoch_3.safetensors'));
  assert.equal(a.meta.iter, b.meta.iter);
  for (const part of ['model', 'ema', 'optimizer'] as const) {
    assert.ok(a[part].size > 0, part);
    assert.deepEqual([...a[part].keys()].sort(), [...b[part].keys()].sort(), part);
    for (const [k, t] of a[part]) assert.deepEqual(b[part].get(k)!.data, t.data, `${part} ${k} differs after resume`);
  }
  assert.deepEqual(a.meta.groups, b.meta.groups);

  // the checkpoint's deploy weights load into `yoloc test`'s loop and score the val set
  const { metrics, results } = await runTest({ config: cfg, checkpoint: path.join(straight, 'epoch_3.safetensors'), baseDir: dir });
  assert.ok('coco/bbox_mAP_50' in metrics);
  assert.ok(results.every((r) => r.image_id >= 1 && r.image_id <= 4 && r.bbox.length === 4));
});
