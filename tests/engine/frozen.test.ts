/**
 * frozen_stages, norm_eval and load_from through the training engine, as MMYOLO/MMEngine do:
 * frozen layers (stem = 0 .. frozen_stages) keep their weights and BatchNorm statistics bit for
 * bit; norm_eval keeps every backbone BatchNorm's running statistics while its weights still
 * learn; the config's load_from is loaded (size mismatches skipped, as load_checkpoint with
 * strict=False), a URL or a missing file is a YC7404.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveConfig } from '../../compiler/resolve.js';
import { selectBackend } from '../../runtime/backend/index.js';
import { synthDataset } from '../../runtime/data/index.js';
import { train } from '../../runtime/engine/train.js';
import { loadCheckpoint } from '../../runtime/engine/checkpoint.js';
import { loadFromPath } from '../../runtime/engine/load-from.js';
import { buildDetector } from '../../runtime/model/build.js';
import { seedInit } from '../../runtime/nn/init.js';
import { stateDict } from '../../runtime/io/weights.js';
import { writeSafetensors, type TensorData } from '../../runtime/io/safetensors.js';
import { YolocError } from '../../runtime/errors.js';
import { writeTinyConfig } from '../helpers/tiny-config.js';
import { ROOT } from '../helpers/paths.js';

await selectBackend('native', { quiet: true });
const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-frozen-'));
synthDataset({ out: path.join(dir, 'data'), train: 4, val: 2, classes: 2, size: 64, seed: 5 });

/** The tiny config with a YOLOv5CSPDarknet (out 32, 64, 128 channels, as the neck expects). */
function config(name: string, backbone: string, extra = '', head = ''): Record<string, unknown> {
  const file = writeTinyConfig(path.join(dir, name), path.join(dir, 'data'), `
model = dict(backbone=dict(_delete_=True, type='YOLOv5CSPDarknet', deepen_factor=0.33, widen_factor=0.125, ${backbone}),
             bbox_head=dict(head_module=dict(num_classes=${head || 2})))
train_cfg = dict(max_epochs=1, val_interval=100)
default_hooks = dict(checkpoint=dict(interval=100, save_best=None))
${extra}`);
  const r = resolveConfig(file);
  assert.ok(r.value, r.diagnostics.map((d) => d.message).join('\n'));
  return r.value.data;
}

/** The weights a run starts from (seed 0) and the training weights after `iters` iterations. */
async function run(name: string, cfg: Record<string, unknown>, iters = 2): Promise<{ before: Map<string, TensorData>; after: Map<string, TensorData>; log: string }> {
  seedInit(0);
  const m = buildDetector(cfg.model as Record<string, unknown>);
  seedInit(null);
  const before = stateDict(m);
  m.dispose();
  const workDir = path.join(dir, `wd-${name}`);
  const r = await train({ config: cfg, workDir, baseDir: dir, quiet: true, seed: 0, maxIters: iters });
  assert.equal(r.iters, iters);
  const ck = loadCheckpoint(r.lastCheckpoint!);
  const { readFileSync } = await import('node:fs');
  return { before, after: ck.ema.size ? ck.ema : ck.model, log: readFileSync(path.join(workDir, 'train.log'), 'utf8') };
}

const same = (a: TensorData, b: TensorData) => a.data.length === b.data.length && a.data.every((x, i) => x === b.data[i]);

test('frozen_stages=1: the stem and stage1 do not change (weights and BN statistics); later stages train', async () => {
  const { before, after } = await run('frozen1', config('frozen1.py', 'frozen_stages=1'));
  let frozen = 0;
  for (const [k, t] of before) {
    if (/^backbone\.(stem|stage1)\./.test(k)) {
      frozen++;
      assert.ok(same(t, after.get(k)!), `${k} changed`);
    }
  }
  assert.ok(frozen > 10);
  for (const k of ['backbone.stage2.0.conv.weight', 'backbone.stage2.0.bn.running_mean', 'backbone.stage4.1.main_conv.bn.weight', 'neck.reduce_layers.2.conv.weight']) {
    assert.ok(!same(before.get(k)!, after.get(k)!), `${k} did not train`);
  }
});

test('norm_eval=True: backbone BN running statistics stay; BN and conv weights still learn; the neck BNs update', async () => {
  const { before, after } = await run('normeval', config('normeval.py', 'norm_eval=True'));
  for (const [k, t] of before) {
    if (/^backbone\..*running_(mean|var)$/.test(k)) assert.ok(same(t, after.get(k)!), `${k} changed`);
  }
  for (const k of ['backbone.stem.conv.weight', 'backbone.stem.bn.weight', 'backbone.stage3.1.main_conv.bn.bias', 'neck.reduce_layers.2.bn.running_mean']) {
    assert.ok(!same(before.get(k)!, after.get(k)!), `${k} did not change`);
  }
});

test("the config's load_from is loaded (mismatched head skipped) and --load-from overrides it", async () => {
  // Weights of another initialisation with 3 classes: the cls convs do not fit the 2-class model.
  const src = config('src.py', '', '', '3');
  seedInit(7);
  const m = buildDetector(src.model as Record<string, unknown>);
  seedInit(null);
  const weights = stateDict(m);
  m.dispose();
  const file = path.join(dir, 'coco_like.safetensors');
  writeSafetensors(file, weights);
  const cfg = config('ft.py', 'frozen_stages=4', `load_from = ${JSON.stringify(file)}`);
  const { before, after, log } = await run('ft', cfg);
  for (const [k, t] of after) {
    if (k.startsWith('backbone.')) assert.ok(same(t, weights.get(k)!), `${k} is not the load_from weight`);
  }
  const cls = 'bbox_head.head_module.convs_pred.0.weight';
  assert.notDeepEqual(after.get(cls)!.shape, weights.get(cls)!.shape);
  assert.ok(!same(before.get('backbone.stem.conv.weight')!, after.get('backbone.stem.conv.weight')!));
  assert.match(log, /load_from .*coco_like\.safetensors \(config load_from\): loaded \d+ tensors; missing 0, unexpected 0, size mismatch 6 \(bbox_head\.head_module\.convs_pred\.0\.bias, bbox_head\.head_module\.convs_pred\.0\.weight/);
});

test('load_from: a URL or a missing file is a YC7404 with the fix; relative paths start at the working directory', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof YolocError);
      return `${e.code}: ${e.message} | ${e.fix}`;
    }
    return 'no error';
  };
  assert.match(code(() => loadFromPath(undefined, 'https://download.openmmlab.com/x.pth')), /^YC7404: config load_from is a URL .* yoloc fetches nothing at run time \| download it first/);
  assert.match(code(() => loadFromPath(undefined, 's3://bucket/x.pth')), /^YC7404: .*URL/);
  assert.match(code(() => loadFromPath(undefined, 'work_dirs/nope.pth')), new RegExp(`^YC7404: config load_from work_dirs/nope.pth does not exist \\(looked for ${path.resolve('work_dirs/nope.pth').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')};`));
  assert.match(code(() => loadFromPath(undefined, 3)), /^YC7404: load_from must be a path string or None/);
  assert.equal(loadFromPath(undefined, null), null);
  // --load-from wins over the config's value, even a bad one
  assert.match(code(() => loadFromPath('missing.pth', 'https://x/a.pth')), /^YC7404: --load-from missing.pth does not exist/);
});

test('yoloc train on the cat config: the load_from URL is a YC7404 at its line, before any tensor exists', async () => {
  const { run } = await import('../../cli/train.js');
  const lines: string[] = [];
  const err = console.error;
  console.error = (...a: unknown[]) => void lines.push(a.join(' '));
  try {
    await assert.rejects(run([path.join(ROOT, 'tests/baselines/validate/cat_finetune.py'), '--work-dir', path.join(dir, 'wd-cat')]), /the config has errors/);
  } finally {
    console.error = err;
  }
  const out = lines.join('\n');
  assert.match(out, /cat_finetune\.py:22:13 - error YC7404: config load_from is a URL \(https:\/\/download\.openmmlab\.com\/.*\): yoloc fetches nothing at run time/);
  assert.match(out, /fix: download it first/);
  assert.doesNotMatch(out, /YC7002/);
});
