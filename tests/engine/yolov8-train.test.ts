/**
 * `yoloc train` of a YOLOv8 config end to end at tiny scale: the bundled yolov8_s config with a
 * small width, 64 px, 3 classes and the close-mosaic switch after epoch 1, on synthetic data.
 * It trains and validates, logs YOLOv8's loss terms and the clipped gradient norm, and a run
 * stopped mid-epoch then resumed ends with exactly the weights, EMA and optimizer state of an
 * uninterrupted run (the pipeline switch included).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveConfig } from '../../compiler/resolve.js';
import { selectBackend } from '../../runtime/backend/index.js';
import { synthDataset } from '../../runtime/data/index.js';
import { train } from '../../runtime/engine/train.js';
import { loadCheckpoint } from '../../runtime/engine/checkpoint.js';
import { ROOT } from '../helpers/paths.js';

// wasm: deterministic kernels, so a resumed run can be compared bit for bit
await selectBackend('wasm', { quiet: true });

const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-y8train-'));
synthDataset({ out: path.join(dir, 'data'), train: 8, val: 2, classes: 3, size: 64, seed: 5 });
const BASE = path.join(ROOT, 'configs/yolov8/yolov8_s_syncbn_fast_8xb16-500e_coco.py');

const file = path.join(dir, 'tiny_yolov8.py');
writeFileSync(file, `_base_ = ${JSON.stringify(BASE)}
data_root = ${JSON.stringify(path.join(dir, 'data') + '/')}
metainfo = dict(classes=('circle', 'square', 'triangle'))
num_classes = 3
img_scale = (64, 64)
deepen_factor = 0.33
widen_factor = 0.125
last_stage_out_channels = 256
model = dict(
    backbone=dict(deepen_factor=deepen_factor, widen_factor=widen_factor, last_stage_out_channels=last_stage_out_channels),
    neck=dict(deepen_factor=deepen_factor, widen_factor=widen_factor,
              in_channels=[256, 512, last_stage_out_channels], out_channels=[256, 512, last_stage_out_channels]),
    bbox_head=dict(head_module=dict(num_classes=num_classes, widen_factor=widen_factor,
                                    in_channels=[256, 512, last_stage_out_channels])),
    train_cfg=dict(assigner=dict(num_classes=num_classes)))
pre_transform = _base_.pre_transform
last_transform = _base_.last_transform
train_pipeline = [
    *pre_transform,
    dict(type='Mosaic', img_scale=img_scale, pad_val=114.0, pre_transform=pre_transform),
    dict(type='YOLOv5RandomAffine', max_rotate_degree=0.0, max_shear_degree=0.0, scaling_ratio_range=(0.5, 1.5),
         max_aspect_ratio=100, border=(-img_scale[0] // 2, -img_scale[1] // 2), border_val=(114, 114, 114)),
    *last_transform
]
train_pipeline_stage2 = [
    *pre_transform,
    dict(type='YOLOv5KeepRatioResize', scale=img_scale),
    dict(type='LetterResize', scale=img_scale, allow_scale_up=True, pad_val=dict(img=114.0)),
    dict(type='YOLOv5RandomAffine', max_rotate_degree=0.0, max_shear_degree=0.0, scaling_ratio_range=(0.5, 1.5),
         max_aspect_ratio=100, border_val=(114, 114, 114)),
    *last_transform
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='YOLOv5KeepRatioResize', scale=img_scale),
    dict(type='LetterResize', scale=img_scale, allow_scale_up=False, pad_val=dict(img=114)),
    dict(type='LoadAnnotations', with_bbox=True, _scope_='mmdet'),
    dict(type='mmdet.PackDetInputs', meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor', 'pad_param'))
]
train_dataloader = dict(batch_size=2, num_workers=0, persistent_workers=False,
    dataset=dict(data_root=data_root, metainfo=metainfo, ann_file='annotations/instances_train.json',
                 data_prefix=dict(img='train/'), filter_cfg=dict(filter_empty_gt=False, min_size=0), pipeline=train_pipeline))
val_dataloader = dict(batch_size=2, num_workers=0, persistent_workers=False,
    dataset=dict(data_root=data_root, metainfo=metainfo, ann_file='annotations/instances_val.json',
                 data_prefix=dict(img='val/'), pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(ann_file=data_root + 'annotations/instances_val.json')
test_evaluator = val_evaluator
max_epochs = 2
train_cfg = dict(max_epochs=max_epochs, val_interval=2, dynamic_intervals=[(1, 1)])
default_hooks = dict(param_scheduler=dict(max_epochs=max_epochs, warmup_mim_iter=3),
                     checkpoint=dict(interval=1, max_keep_ckpts=5, save_best=None))
custom_hooks = [
    dict(type='EMAHook', ema_type='ExpMomentumEMA', momentum=0.0001, update_buffers=True, strict_load=False, priority=49),
    dict(type='mmdet.PipelineSwitchHook', switch_epoch=1, switch_pipeline=train_pipeline_stage2)
]
`);

function load(): Record<string, unknown> {
  const r = resolveConfig(file);
  assert.ok(r.value, r.diagnostics.map((d) => d.message).join('\n'));
  return r.value.data;
}

test('yoloc train of a YOLOv8 config: trains, validates, logs loss_cls/loss_bbox/loss_dfl/grad_norm; resume is exact', async () => {
  const cfg = load();
  const straight = path.join(dir, 'wd-straight');
  const broken = path.join(dir, 'wd-broken');
  const a = await train({ config: cfg, workDir: straight, baseDir: dir, quiet: true });
  assert.equal(a.iters, 8);
  assert.ok(a.losses.every(Number.isFinite) && a.losses.every((l) => l > 0), `losses ${a.losses}`);
  assert.ok(a.lastMetrics && 'coco/bbox_mAP' in a.lastMetrics, 'validated (dynamic interval 1 from epoch 1)');
  const scalars = readFileSync(path.join(straight, 'vis_data', 'scalars.json'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
  const iterRow = scalars.find((s) => 'loss' in s)!;
  for (const k of ['loss', 'loss_cls', 'loss_bbox', 'loss_dfl', 'grad_norm']) assert.ok(Number.isFinite(iterRow[k]), `${k} logged`);
  assert.ok(Math.abs(iterRow.loss! - (iterRow.loss_cls! + iterRow.loss_bbox! + iterRow.loss_dfl!)) < 1e-4 * iterRow.loss!);
  assert.equal(scalars.filter((s) => 'coco/bbox_mAP' in s).length, 2, 'val after epochs 1 and 2: [(1, 1)] applies from epochs done + 1 = 1');

  // stop after 5 iterations (mid epoch 2, past the pipeline switch), resume, compare
  const part = await train({ config: cfg, workDir: broken, baseDir: dir, quiet: true, maxIters: 5 });
  assert.equal(part.iters, 5);
  const rest = await train({ config: cfg, workDir: broken, baseDir: dir, quiet: true, resume: true });
  assert.equal(rest.iters, 8);
  const x = loadCheckpoint(path.join(straight, 'epoch_2.safetensors'));
  const y = loadCheckpoint(path.join(broken, 'epoch_2.safetensors'));
  for (const k of ['model', 'ema', 'optimizer'] as const) {
    assert.ok(x[k].size > 0, k);
    assert.deepEqual([...x[k].keys()].sort(), [...y[k].keys()].sort(), k);
    for (const [name, t] of x[k]) assert.deepEqual(y[k].get(name)!.data, t.data, `${k} ${name} differs after resume`);
  }
  assert.deepEqual(x.meta.groups, y.meta.groups);
});
