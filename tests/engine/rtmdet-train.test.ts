/**
 * RTMDet's recipe end to end at mini scale (tests/fixtures/rtmdet/rtmdet_mini_synth_64.py: cached
 * Mosaic/MixUp, RandomResize/RandomCrop, the DSL loss, AdamW, LinearLR + CosineAnnealingLR, EMA,
 * the stage-2 pipeline switch, validation): `yoloc train` runs, its checkpoints hold AdamW's
 * moments, and a run stopped after one epoch then resumed ends bit for bit where an
 * uninterrupted run does (weights, EMA, AdamW state, lr).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveConfig } from '../../compiler/resolve.js';
import { selectBackend } from '../../runtime/backend/index.js';
import { synthDataset } from '../../runtime/data/index.js';
import { train } from '../../runtime/engine/train.js';
import { loadCheckpoint } from '../../runtime/engine/checkpoint.js';
import { MMEngineSchedule } from '../../runtime/engine/param-scheduler.js';
import { ROOT } from '../helpers/paths.js';

// native (or wasm without the addon): deterministic kernels, so runs compare bit for bit
await selectBackend(undefined, { quiet: true });

const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-rtmdet-'));
synthDataset({ out: path.join(dir, 'data'), train: 8, val: 2, classes: 5, size: 64, seed: 4 });
const cfgFile = path.join(dir, 'mini.py');
writeFileSync(cfgFile, `_base_ = '${path.join(ROOT, 'tests/fixtures/rtmdet/rtmdet_mini_synth_64.py')}'
data_root = '${path.join(dir, 'data')}/'
train_dataloader = dict(dataset=dict(data_root=data_root))
val_dataloader = dict(dataset=dict(data_root=data_root))
test_dataloader = val_dataloader
val_evaluator = dict(ann_file=data_root + 'annotations/instances_val.json')
`);
const resolved = resolveConfig(cfgFile);
assert.ok(resolved.value, resolved.diagnostics.map((d) => d.message).join('\n'));
const cfg = resolved.value.data;

test('RTMDet trains with its recipe; resumed after an epoch it ends exactly where an uninterrupted run does', async () => {
  const straight = path.join(dir, 'wd-straight');
  const broken = path.join(dir, 'wd-broken');
  const a0 = await train({ config: cfg, workDir: straight, baseDir: dir, quiet: true });
  assert.equal(a0.iters, 8);
  assert.ok(a0.losses.every(Number.isFinite) && a0.losses.some((l) => l > 0), `losses ${a0.losses}`);
  assert.ok(a0.lastMetrics && 'coco/bbox_mAP_50' in a0.lastMetrics, 'validated');
  const part = await train({ config: cfg, workDir: broken, baseDir: dir, quiet: true, maxEpochs: 1 });
  assert.equal(part.epochs, 1);
  const rest = await train({ config: cfg, workDir: broken, baseDir: dir, quiet: true, resume: true });
  assert.equal(rest.iters, 8);
  const a = loadCheckpoint(path.join(straight, 'epoch_2.safetensors'));
  const b = loadCheckpoint(path.join(broken, 'epoch_2.safetensors'));
  const opt = [...a.optimizer.keys()];
  assert.ok(opt.some((k) => k.startsWith('exp_avg/')) && opt.some((k) => k.startsWith('exp_avg_sq/')), 'AdamW moments saved');
  for (const p of ['model', 'ema', 'optimizer'] as const) {
    assert.ok(a[p].size > 0, p);
    assert.deepEqual([...a[p].keys()].sort(), [...b[p].keys()].sort(), p);
    for (const [k, t] of a[p]) assert.deepEqual(b[p].get(k)!.data, t.data, `${p} ${k} differs after resume`);
  }
  const groups = a.meta.groups as { lr: number; step: number; weightDecay: number }[];
  assert.deepEqual(b.meta.groups, groups);
  assert.deepEqual(groups.map((g) => g.weightDecay).sort(), [0, 0.05], 'paramwise: decayed and not decayed');
  assert.ok(groups.every((g) => g.step === 8), 'AdamW stepped every iteration');
  // the lr the config's param_scheduler gives the last iteration (MMEngine's chained steps)
  const lrs = [{ lr: 0.004, initialLr: 0.004 }];
  const sched = new MMEngineSchedule(cfg.param_scheduler, 4);
  for (let it = 0; it < 8; it++) {
    sched.beforeIter(it, Math.floor(it / 4), 4, lrs);
    if (it % 4 === 3 && it < 7) sched.afterEpoch(Math.floor(it / 4), lrs);
  }
  assert.equal(groups[0]!.lr, lrs[0]!.lr);
  assert.notEqual(lrs[0]!.lr, 0.004);
});

test('yoloc train CONFIG --max-iters 2 (the command line: check, resolve, train, checkpoint)', async () => {
  const { run } = await import('../../cli/train.js');
  const wd = path.join(dir, 'wd-cli');
  assert.equal(await run([cfgFile, '--work-dir', wd, '--max-iters', '2', '--quiet']), 0);
  const ck = loadCheckpoint(path.join(wd, 'iter_2.safetensors'));
  assert.equal(ck.meta.iter, 2);
  assert.ok([...ck.optimizer.keys()].some((k) => k.startsWith('exp_avg_sq/')));
});
