/**
 * What YOLOv8's recipe adds to the data side: YOLOv5MixUp (against MMYOLO's own
 * mix_img_transform, tests/fixtures/yolov8/gen_mixup.py), its Beta draw, the train_pipeline and
 * train_pipeline_stage2 of yolov8_{s,m}_syncbn_fast_8xb16-500e_coco.py at a small scale, and the
 * close-mosaic switch (PipelineSwitchHook) in the dataset and in worker threads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mixResults } from '../../runtime/data/transforms/mixup.js';
import { buildPipeline } from '../../runtime/data/pipeline.js';
import { Rng } from '../../runtime/data/rng.js';
import { synthDataset } from '../../runtime/data/index.js';
import { YOLOv5CocoDataset } from '../../runtime/data/dataset.js';
import { DataLoader } from '../../runtime/data/loader.js';
import type { Results, TransformCfg } from '../../runtime/data/results.js';
import { ROOT } from '../helpers/paths.js';

type Side = { img: number[][][]; boxes: number[][]; labels: number[]; ignore: boolean[] };
const FIX = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/yolov8/mixup.json'), 'utf8')) as { cases: { ratio: number; a: Side; b: Side; out: Side & { img_shape: number[] } }[] };

function results(s: Side): Results {
  const h = s.img.length, w = s.img[0]!.length;
  return {
    img_path: 'x.png', img_id: 0, height: h, width: w, instances: [], rng: new Rng(0),
    img: { h, w, c: 3, data: Uint8Array.from(s.img.flat(2)) }, img_shape: [h, w],
    gt_bboxes: Float32Array.from(s.boxes.flat()), gt_bboxes_labels: Int32Array.from(s.labels), gt_ignore_flags: Uint8Array.from(s.ignore.map(Number)),
  };
}

test('YOLOv5MixUp blends pixels and stacks boxes exactly as MMYOLO\'s mix_img_transform (6 cases)', () => {
  for (const [i, c] of FIX.cases.entries()) {
    const r = mixResults(results(c.a), results(c.b), c.ratio);
    assert.deepEqual([...r.img!.data], c.out.img.flat(2), `case ${i} pixels (ratio ${c.ratio})`);
    assert.deepEqual([r.img!.h, r.img!.w, r.img!.c], c.out.img_shape);
    assert.deepEqual([...r.gt_bboxes!], c.out.boxes.flat().map(Math.fround), `case ${i} boxes`);
    assert.deepEqual([...r.gt_bboxes_labels!], c.out.labels);
    assert.deepEqual([...r.gt_ignore_flags!].map(Boolean), c.out.ignore);
  }
});

test('the MixUp ratio is Beta(alpha, beta): moments of 20000 draws', () => {
  const rng = new Rng(5);
  for (const [a, b] of [[32, 32], [2, 5], [0.5, 0.5]] as const) {
    const xs = Array.from({ length: 20000 }, () => rng.beta(a, b));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    const wantMean = a / (a + b), wantSd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
    assert.ok(Math.abs(mean - wantMean) < 0.005 && Math.abs(sd - wantSd) < 0.005 && xs.every((x) => x > 0 && x < 1), `Beta(${a}, ${b}): mean ${mean} sd ${sd}`);
  }
});

// yolov8_{s,m}_syncbn_fast_8xb16-500e_coco.py's pipelines at img_scale 64 (affine_scale 0.9, mixup_prob 1)
const S = 64;
const pre: TransformCfg[] = [{ type: 'LoadImageFromFile' }, { type: 'LoadAnnotations', with_bbox: true }];
const mosaicAffine: TransformCfg[] = [
  { type: 'Mosaic', img_scale: [S, S], pad_val: 114.0, pre_transform: pre },
  { type: 'YOLOv5RandomAffine', max_rotate_degree: 0.0, max_shear_degree: 0.0, max_aspect_ratio: 100, scaling_ratio_range: [0.1, 1.9], border: [-S / 2, -S / 2], border_val: [114, 114, 114] },
];
const last: TransformCfg[] = [
  { type: 'mmdet.Albu', transforms: [{ type: 'Blur', p: 0.01 }, { type: 'MedianBlur', p: 0.01 }, { type: 'ToGray', p: 0.01 }, { type: 'CLAHE', p: 0.01 }],
    bbox_params: { type: 'BboxParams', format: 'pascal_voc', label_fields: ['gt_bboxes_labels', 'gt_ignore_flags'] }, keymap: { img: 'image', gt_bboxes: 'bboxes' } },
  { type: 'YOLOv5HSVRandomAug' },
  { type: 'mmdet.RandomFlip', prob: 0.5 },
  { type: 'mmdet.PackDetInputs', meta_keys: ['img_id', 'img_path', 'ori_shape', 'img_shape', 'flip', 'flip_direction'] },
];
const stage1: TransformCfg[] = [...pre, ...mosaicAffine, { type: 'YOLOv5MixUp', prob: 1.0, pre_transform: [...pre, ...mosaicAffine] }, ...last];
const stage2: TransformCfg[] = [
  ...pre,
  { type: 'YOLOv5KeepRatioResize', scale: [S, S] },
  { type: 'LetterResize', scale: [S, S], allow_scale_up: true, pad_val: { img: 114.0 } },
  { type: 'YOLOv5RandomAffine', max_rotate_degree: 0.0, max_shear_degree: 0.0, scaling_ratio_range: [0.1, 1.9], max_aspect_ratio: 100, border_val: [114, 114, 114] },
  ...last,
];

const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-y8data-'));
synthDataset({ out: path.join(dir, 'data'), train: 6, val: 1, classes: 3, size: 96, seed: 11 });
const dsCfg = (pipeline: TransformCfg[]) => ({ data_root: path.join(dir, 'data'), ann_file: 'annotations/instances_train.json', data_prefix: { img: 'train/' }, pipeline });

test('YOLOv8-m\'s train_pipeline (Mosaic, affine, MixUp of a second mosaic) builds and yields S x S samples with both images\' boxes', () => {
  const ds = new YOLOv5CocoDataset(dsCfg(stage1), { baseDir: ROOT });
  const noMix = new YOLOv5CocoDataset(dsCfg([...pre, ...mosaicAffine, ...last]), { baseDir: ROOT });
  let more = 0;
  for (let i = 0; i < ds.length; i++) {
    const s = ds.prepare(i, 0, 3);
    assert.deepEqual([s.h, s.w], [S, S]);
    assert.deepEqual(s.meta.img_shape, [S, S]);
    for (let k = 0; k < s.gt_bboxes.length; k++) assert.ok(s.gt_bboxes[k]! >= 0 && s.gt_bboxes[k]! <= S, 'boxes clipped to the canvas');
    assert.deepEqual(ds.prepare(i, 0, 3), s, 'a sample depends on (seed, epoch, index) only');
    if (s.gt_labels.length > noMix.prepare(i, 0, 3).gt_labels.length) more++;
  }
  assert.ok(more >= 3, `MixUp adds the partner's boxes (${more} of ${ds.length} samples have more)`);
  // use_cached=True builds the cached MixUp (mix-cache.ts), which needs a loader's sample stream
  assert.throws(() => buildPipeline([{ type: 'YOLOv5MixUp', use_cached: true }]).apply(ds.getDataInfo(0)), (e: Error & { code?: string }) => e.code === 'YC7332');
});

test('PipelineSwitchHook: epochs >= switch_epoch use train_pipeline_stage2, in this thread and in workers alike', async () => {
  const sw = { epoch: 2, pipeline: stage2 };
  const ds = new YOLOv5CocoDataset(dsCfg(stage1), { baseDir: ROOT, switchPipeline: sw });
  const plain1 = new YOLOv5CocoDataset(dsCfg(stage1), { baseDir: ROOT });
  const plain2 = new YOLOv5CocoDataset(dsCfg(stage2), { baseDir: ROOT });
  for (const epoch of [0, 1, 2, 5]) {
    const want = (epoch >= 2 ? plain2 : plain1).prepare(1, epoch, 0);
    assert.deepEqual(ds.prepare(1, epoch, 0), want, `epoch ${epoch}`);
  }
  const opts = { dataset: dsCfg(stage1), baseDir: ROOT, batchSize: 3, shuffle: true, seed: 4, switchPipeline: sw };
  const inThread = new DataLoader(opts);
  const workers = new DataLoader({ ...opts, numWorkers: 1 });
  try {
    for (const epoch of [1, 2]) {
      const a: unknown[] = [], b: unknown[] = [];
      for await (const x of inThread.epoch(epoch)) a.push({ gt: [...x.gt], shape: x.shape });
      for await (const x of workers.epoch(epoch)) b.push({ gt: [...x.gt], shape: x.shape });
      assert.deepEqual(b, a, `epoch ${epoch}: workers and this thread agree`);
    }
  } finally {
    await workers.close();
    await inThread.close();
  }
  assert.throws(() => new YOLOv5CocoDataset(dsCfg(stage1), { baseDir: ROOT, switchPipeline: { epoch: 1, pipeline: [{ type: 'NoSuchTransform' }] } }),
    (e: Error & { code?: string }) => e.code === 'YC7330', 'a bad switch_pipeline fails at start');
});
