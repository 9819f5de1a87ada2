import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { unlinkSync } from 'node:fs';
import { DataLoader } from '../../runtime/data/loader.js';
import type { Batch } from '../../runtime/data/collate.js';
import { YOLOv5CocoDataset } from '../../runtime/data/dataset.js';
import { tinyDataset, trainPipeline, testPipeline, datasetCfg } from './helpers.js';
import { YolocError } from '../../runtime/errors.js';

const root = tinyDataset();
const S = 64;
const loaders: DataLoader[] = [];
after(async () => { for (const l of loaders) await l.close(); });

test('a training sample is reproducible from (seed, epoch, index) and changes with the epoch', () => {
  const ds = new YOLOv5CocoDataset(datasetCfg(root, 'train', trainPipeline(S)));
  const a = ds.prepare(2, 0, 5), b = ds.prepare(2, 0, 5), c = ds.prepare(2, 1, 5);
  assert.deepEqual([a.h, a.w], [S, S]);
  assert.deepEqual(a.img, b.img);
  assert.deepEqual(a.gt_bboxes, b.gt_bboxes);
  assert.notDeepEqual(a.img, c.img);
  for (let i = 0; i < a.gt_bboxes.length; i += 4) {
    assert.ok(a.gt_bboxes[i]! >= 0 && a.gt_bboxes[i + 2]! <= S && a.gt_bboxes[i]! < a.gt_bboxes[i + 2]!, 'boxes inside the output');
  }
});

test('worker threads yield exactly the batches of the in-thread path', async () => {
  const opts = { dataset: datasetCfg(root, 'train', trainPipeline(S)), batchSize: 4, shuffle: true, seed: 11 };
  const inThread = new DataLoader({ ...opts, numWorkers: 0 });
  const threaded = new DataLoader({ ...opts, numWorkers: 2, prefetch: 2 });
  loaders.push(inThread, threaded);
  assert.equal(threaded.length, 2);
  const a: Batch[] = [], b: Batch[] = [];
  for await (const x of inThread.epoch(3)) a.push(x);
  for await (const x of threaded.epoch(3)) b.push(x);
  assert.equal(a.length, 2);
  assert.equal(a[1]!.shape[0], 2, 'the last batch is partial (drop_last False)');
  for (let i = 0; i < a.length; i++) {
    assert.deepEqual(b[i]!.indices, a[i]!.indices);
    assert.deepEqual(b[i]!.shape, a[i]!.shape);
    assert.deepEqual(b[i]!.gt, a[i]!.gt);
    assert.ok(b[i]!.inputs.every((v, k) => v === a[i]!.inputs[k]), 'same pixels');
  }
  assert.deepEqual(inThread.order(3), threaded.order(3));
  assert.notDeepEqual(inThread.order(3), inThread.order(4));
});

test('validation: BatchShapePolicy shapes, letterbox metadata, normalised RGB inputs', async () => {
  const l = new DataLoader({
    dataset: datasetCfg(root, 'val', testPipeline(S), { test_mode: true, batch_shapes_cfg: { type: 'BatchShapePolicy', batch_size: 1, img_size: S, size_divisor: 32, extra_pad_ratio: 0.5 } }),
    batchSize: 1, preprocess: { mean: [0, 0, 0], std: [255, 255, 255], bgr_to_rgb: true },
  });
  loaders.push(l);
  for await (const b of l.epoch(0)) {
    const m = b.metas[0]!;
    const [oh, ow] = m.ori_shape!;
    // shape = ceil(s * 64 / 32 + 0.5) * 32 with s = [h/w, 1] or [1, w/h]: 96 on the long side
    const r = oh / ow;
    const want = r < 1 ? [Math.ceil(r * 2 + 0.5) * 32, 96] : r > 1 ? [96, Math.ceil((1 / r) * 2 + 0.5) * 32] : [96, 96];
    assert.deepEqual(b.shape.slice(2), want);
    assert.deepEqual(m.img_shape, want);
    assert.ok(b.inputs.every((v) => v >= 0 && v <= 1));
    const [top, , left] = m.pad_param!;
    // boxes (gt rows) stay in original pixels: LoadAnnotations runs after the resize
    const idx = (1 * b.shape[2] + Math.floor(top! / 2)) * b.shape[3] + Math.floor(left! / 2);
    if (top! >= 2 && left! >= 2) assert.equal(b.inputs[idx], Math.fround(114 / 255), 'padding is 114');
  }
});

test('an error in a worker reaches the consumer as the same YolocError, naming the image', async () => {
  const dir = tinyDataset(2, 0, 40, 13);
  const l = new DataLoader({ dataset: datasetCfg(dir, 'train', testPipeline(40)), batchSize: 2, numWorkers: 1 });
  loaders.push(l);
  const victim = l.dataset.getDataInfo(1).img_path;
  unlinkSync(victim);
  await assert.rejects(async () => { for await (const _ of l.epoch(0)) { /* drain */ } },
    (e: unknown) => e instanceof YolocError && e.code === 'YC7310' && e.file === victim);
});
