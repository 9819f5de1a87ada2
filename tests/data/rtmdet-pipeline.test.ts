import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTransform } from '../../runtime/data/pipeline.js';
import { rescaleSize } from '../../runtime/data/transforms/resize.js';
import { yoloxHsvGains } from '../../runtime/data/transforms/yolox-hsv.js';
import { CacheTimeline } from '../../runtime/data/transforms/mix-cache.js';
import { bgrToHsv, hsvToBgr } from '../../runtime/data/color.js';
import { fullImage, resizeImage, type Image } from '../../runtime/data/image.js';
import { Rng } from '../../runtime/data/rng.js';
import { DataLoader } from '../../runtime/data/loader.js';
import type { Batch } from '../../runtime/data/collate.js';
import type { Results, TransformCfg } from '../../runtime/data/results.js';
import { tinyDataset, datasetCfg } from './helpers.js';

function sample(h: number, w: number, boxes: number[], seed = 1): Results {
  const img: Image = fullImage(h, w, 3, 50);
  for (let i = 0; i < img.data.length; i++) img.data[i] = (i * 7 + (i >> 5)) & 255;
  return {
    img_path: 'x.png', img_id: 1, height: h, width: w, instances: [], rng: new Rng(seed),
    img, img_shape: [h, w], ori_shape: [h, w],
    gt_bboxes: new Float32Array(boxes), gt_bboxes_labels: Int32Array.from({ length: boxes.length / 4 }, (_, i) => i), gt_ignore_flags: new Uint8Array(boxes.length / 4),
  };
}

test('Resize keep_ratio: mmcv.rescale_size rounding (x * f + 0.5), boxes scaled by new/old and clipped', () => {
  assert.deepEqual(rescaleSize(640, 480, [1280, 1280]), [1280, 960]);
  assert.deepEqual(rescaleSize(333, 500, [640, 640]), [426, 640]); // 333 * 1.28 = 426.24
  assert.deepEqual(rescaleSize(500, 333, [100, 60]), [90, 60]); // f = min(100/500, 60/333)
  const r = buildTransform({ type: 'mmdet.Resize', scale: [100, 60], keep_ratio: true }).apply(sample(333, 500, [0, 0, 500, 333, 450, 10, 520, 20]))!;
  assert.deepEqual([r.img!.w, r.img!.h], [90, 60]);
  assert.deepEqual(r.scale_factor, [90 / 500, 60 / 333]);
  assert.deepEqual([...r.gt_bboxes!].map((v) => Math.round(v * 1000) / 1000), [0, 0, 90, 60, 81, 1.802, 90, 3.604]);
  const s = buildTransform({ type: 'Resize', scale: [50, 40] }).apply(sample(333, 500, [10, 10, 20, 20]))!;
  assert.deepEqual([s.img!.w, s.img!.h], [50, 40]);
});

test('RandomResize: ratio = lo + u (hi - lo) from the sample stream, scale = int(w r), int(h r), then keep-ratio Resize', () => {
  const t = buildTransform({ type: 'mmdet.RandomResize', scale: [1280, 1280], ratio_range: [0.5, 2.0], resize_type: 'mmdet.Resize', keep_ratio: true });
  for (const seed of [1, 2, 3, 4]) {
    const u = new Rng(seed).random();
    const ratio = u * (2.0 - 0.5) + 0.5;
    const target: [number, number] = [Math.trunc(1280 * ratio), Math.trunc(1280 * ratio)];
    const want = rescaleSize(64, 48, target);
    const r = t.apply(sample(48, 64, [8, 8, 40, 40], seed))!;
    assert.deepEqual([r.img!.w, r.img!.h], want, `seed ${seed}`);
  }
  // two scales: each edge an integer between them, width first
  const two = buildTransform({ type: 'RandomResize', scale: [[30, 20], [50, 40]], keep_ratio: false });
  const rng = new Rng(9);
  const w = rng.int(30, 51), h = rng.int(20, 41);
  const r = two.apply(sample(48, 64, [], 9))!;
  assert.deepEqual([r.img!.w, r.img!.h], [w, h]);
  assert.throws(() => buildTransform({ type: 'RandomResize', scale: [64, 64] }), /ratio_range/);
  assert.throws(() => buildTransform({ type: 'RandomResize', scale: [64, 64], ratio_range: [1, 2], resize_type: 'YOLOv5KeepRatioResize' }), /resize_type/);
});

test('RandomCrop: (h, w) crop at offsets in [0, margin] (height first), boxes shifted/clipped/filtered, no box left -> dropped', () => {
  const t = buildTransform({ type: 'mmdet.RandomCrop', crop_size: [40, 50] });
  const boxes = [0, 0, 10, 10, 30, 20, 90, 70, 95, 75, 99, 79];
  for (const seed of [3, 5, 8, 13, 21]) {
    const rng = new Rng(seed);
    const oh = rng.int(0, 80 - 40 + 1), ow = rng.int(0, 100 - 50 + 1);
    const r = t.apply(sample(80, 100, boxes, seed));
    const want: number[] = [];
    for (let i = 0; i < boxes.length; i += 4) {
      const b = [boxes[i]! - ow, boxes[i + 1]! - oh, boxes[i + 2]! - ow, boxes[i + 3]! - oh];
      const c = [Math.min(Math.max(b[0]!, 0), 50), Math.min(Math.max(b[1]!, 0), 40), Math.min(Math.max(b[2]!, 0), 50), Math.min(Math.max(b[3]!, 0), 40)];
      if (c[0]! < 50 && c[1]! < 40 && c[2]! > 0 && c[3]! > 0) want.push(...c);
    }
    if (!want.length) { assert.equal(r, null, `seed ${seed}: no box left drops the sample`); continue; }
    assert.ok(r);
    assert.deepEqual([r.img!.h, r.img!.w], [40, 50]);
    assert.deepEqual([...r.gt_bboxes!], want, `seed ${seed}`);
    assert.equal(r.img!.data[0], sample(80, 100, []).img!.data[(oh * 100 + ow) * 3], 'the crop starts at (ow, oh)');
  }
  // a smaller image is not enlarged; allow_negative_crop keeps an empty crop
  const small = t.apply(sample(30, 20, [1, 1, 5, 5]))!;
  assert.deepEqual([small.img!.h, small.img!.w], [30, 20]);
  assert.ok(buildTransform({ type: 'RandomCrop', crop_size: [4, 4], allow_negative_crop: true }).apply(sample(80, 100, [90, 70, 95, 75], 2)));
  assert.equal(t.apply(sample(80, 100, [], 2)), null, 'no boxes at all: dropped, as mmdet');
});

test('Pad: to size (w, h), to a divisor, to a square; bottom/right with pad_val', () => {
  const r = buildTransform({ type: 'mmdet.Pad', size: [70, 50], pad_val: { img: [114, 114, 114] } }).apply(sample(40, 60, [1, 2, 3, 4]))!;
  assert.deepEqual([r.img!.h, r.img!.w], [50, 70]);
  assert.equal(r.img!.data[(45 * 70 + 10) * 3], 114);
  assert.equal(r.img!.data[(10 * 70 + 65) * 3 + 2], 114);
  assert.equal(r.img!.data[0], sample(40, 60, []).img!.data[0]);
  assert.deepEqual([...r.gt_bboxes!], [1, 2, 3, 4]);
  const d = buildTransform({ type: 'Pad', size_divisor: 32, pad_val: 0 }).apply(sample(40, 65, []))!;
  assert.deepEqual([d.img!.h, d.img!.w], [64, 96]);
  const q = buildTransform({ type: 'Pad', pad_to_square: true }).apply(sample(40, 65, []))!;
  assert.deepEqual([q.img!.h, q.img!.w], [65, 65]);
  assert.throws(() => buildTransform({ type: 'Pad' }), /exactly one/);
});

test('YOLOXHSVRandomAug: int16(u * delta * coin), hue mod 180, s/v clipped; the draws are 3 uniforms then 3 coins', () => {
  assert.deepEqual(yoloxHsvGains([0.9, -0.5, 0.99], [1, 1, 0], [5, 30, 30]), [4, -15, 0]);
  assert.deepEqual(yoloxHsvGains([-0.99, 0.5, 0.2], [1, 0, 1], [5, 30, 30]), [-4, 0, 6]);
  const t = buildTransform({ type: 'mmdet.YOLOXHSVRandomAug' });
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const rng = new Rng(seed);
    const u = [rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1)] as [number, number, number];
    const coins = [rng.int(0, 2), rng.int(0, 2), rng.int(0, 2)] as [number, number, number];
    const [gh, gs, gv] = yoloxHsvGains(u, coins, [5, 30, 30]);
    const src = sample(8, 9, [], seed);
    const hsv = bgrToHsv(src.img!);
    for (let i = 0; i < hsv.length; i += 3) {
      hsv[i] = (((hsv[i]! + gh) % 180) + 180) % 180;
      hsv[i + 1] = Math.min(255, Math.max(0, hsv[i + 1]! + gs));
      hsv[i + 2] = Math.min(255, Math.max(0, hsv[i + 2]! + gv));
    }
    assert.deepEqual(t.apply(src)!.img!.data, hsvToBgr(hsv, 8, 9).data, `seed ${seed}`);
  }
});

test('cache timeline: FIFO keeps the newest max; random pop never drops the newest; prob gates entry', () => {
  const fifo = new CacheTimeline(7, 5, false, 1);
  assert.deepEqual(fifo.after(2), [0, 1, 2]);
  assert.deepEqual(fifo.after(11), [7, 8, 9, 10, 11]);
  const rnd = new CacheTimeline(9, 6, true, 1);
  const seq: number[][] = [];
  for (let g = 0; g < 300; g++) {
    const e = rnd.after(g);
    assert.ok(e.length === Math.min(g + 1, 6) && e[e.length - 1] === g, 'size grows to max, the newest stays');
    seq.push([...e]);
  }
  assert.ok(seq[299]!.some((p) => p < 294), 'random pop keeps some older entries');
  // the same state whether reached in order, from scratch or after going back
  const again = new CacheTimeline(9, 6, true, 1);
  assert.deepEqual(again.after(299), seq[299]);
  assert.deepEqual(again.after(17), seq[17]);
  assert.deepEqual(again.after(250), seq[250]);
  const half = new CacheTimeline(3, 10, true, 0.5);
  let taken = 0;
  for (let g = 0; g < 2000; g++) taken += half.taken(g) ? 1 : 0;
  assert.ok(taken > 900 && taken < 1100, `prob 0.5 lets in ${taken} of 2000`);
  assert.ok(half.after(1999).every((p) => half.taken(p)));
});

// RTMDet-tiny's stage-1 pipeline at a small scale, caches shrunk so that they fill within the data
const S = 64;
const rtmdetPipeline = (mosaicCache: number, mixupCache: number, randomPop = false): TransformCfg[] => [
  { type: 'LoadImageFromFile' }, { type: 'LoadAnnotations', with_bbox: true },
  { type: 'Mosaic', img_scale: [S, S], use_cached: true, max_cached_images: mosaicCache, random_pop: randomPop, pad_val: 114.0 },
  { type: 'mmdet.RandomResize', scale: [S * 2, S * 2], ratio_range: [0.5, 2.0], resize_type: 'mmdet.Resize', keep_ratio: true },
  { type: 'mmdet.RandomCrop', crop_size: [S, S] },
  { type: 'mmdet.YOLOXHSVRandomAug' },
  { type: 'mmdet.RandomFlip', prob: 0.5 },
  { type: 'mmdet.Pad', size: [S, S], pad_val: { img: [114, 114, 114] } },
  { type: 'YOLOv5MixUp', use_cached: true, random_pop: randomPop, max_cached_images: mixupCache, prob: 0.5 },
  { type: 'mmdet.PackDetInputs' },
];

const root = tinyDataset(12, 2, 64, 5);
const loaders: DataLoader[] = [];
after(async () => { for (const l of loaders) await l.close(); });
async function epochs(l: DataLoader, list: number[], start = 0): Promise<Batch[]> {
  const out: Batch[] = [];
  for (const e of list) for await (const b of l.epoch(e, e === list[0] ? start : 0)) out.push(b);
  return out;
}
const same = (a: Batch[], b: Batch[]) => {
  assert.equal(a.length, b.length);
  a.forEach((x, i) => {
    assert.deepEqual(b[i]!.indices, x.indices);
    assert.deepEqual(b[i]!.gt, x.gt);
    assert.ok(b[i]!.inputs.every((v, k) => v === x.inputs[k]), `batch ${i}: same pixels`);
  });
};

test('cached Mosaic/MixUp (RTMDet pipeline): the first 4 samples pass unmixed, then mix; worker threads and a resumed epoch see the same caches', async () => {
  const opts = { dataset: datasetCfg(root, 'train', rtmdetPipeline(6, 5, true)), batchSize: 4, shuffle: true, seed: 3 };
  const one = new DataLoader({ ...opts, numWorkers: 0 });
  const two = new DataLoader({ ...opts, numWorkers: 2, prefetch: 2 });
  loaders.push(one, two);
  const a = await epochs(one, [0, 1, 2]);
  const b = await epochs(two, [0, 1, 2]);
  same(a, b);
  // a fresh loader that starts at epoch 2, batch 1 (a resumed run) yields what the uninterrupted one did
  const resumed = new DataLoader({ ...opts, numWorkers: 0 });
  loaders.push(resumed);
  same(await epochs(resumed, [2], 1), a.slice(2 * 3 + 1));
  // every output is S x S; boxes inside
  for (const x of a) {
    assert.deepEqual(x.shape.slice(2), [S, S]);
    for (let i = 0; i < x.gt.length; i += 6) assert.ok(x.gt[i + 2]! >= 0 && x.gt[i + 4]! <= S && x.gt[i + 3]! >= 0 && x.gt[i + 5]! <= S);
  }
});

test('cached Mosaic: with <= 4 cached entries a sample passes through; then three partners from the cache', () => {
  const t = buildTransform({ type: 'Mosaic', img_scale: [S, S], use_cached: true, max_cached_images: 5, random_pop: false });
  // a sample's one box is labelled with its position, so the mix shows which entries it took
  const labelled = (p: number, seed = 1): Results => ({ ...sample(32, 48, [4, 4, 20, 20], seed), gt_bboxes_labels: Int32Array.of(p), position: p });
  const stream = { seed: 1, perEpoch: 100, inputAt: (p: number) => labelled(p) };
  const ds = { length: 100, getDataInfo: () => sample(1, 1, []), stream };
  const at = (g: number) => t.apply({ ...labelled(g, 40 + g), dataset: ds, visit: { reached: new Set() } })!;
  for (let g = 0; g < 4; g++) assert.deepEqual([at(g).img!.h, at(g).img!.w], [32, 48], `position ${g} is not mixed`);
  const m = at(9);
  assert.deepEqual([m.img!.h, m.img!.w], [2 * S, 2 * S]);
  // itself top-left, then three of the cached positions 5..9 (FIFO of 5), drawn from its own stream
  const rng = new Rng(40 + 9);
  const picks = [rng.int(0, 5), rng.int(0, 5), rng.int(0, 5)].map((i) => 5 + i);
  assert.deepEqual([...m.gt_bboxes_labels!], [9, ...picks]);
  assert.throws(() => t.apply(sample(32, 48, [])), /sample stream/);
});

test('mmdet CachedMosaic: img_scale (h, w); every sample cached, prob after; partners never the newest; outside boxes dropped', () => {
  const t = buildTransform({ type: 'mmdet.CachedMosaic', img_scale: [40, 60], max_cached_images: 5, random_pop: false, prob: 1.0 });
  const labelled = (p: number, seed = 1): Results => ({ ...sample(32, 48, [4, 4, 20, 20], seed), gt_bboxes_labels: Int32Array.of(p), position: p });
  const ds = { length: 100, getDataInfo: () => sample(1, 1, []), stream: { seed: 1, perEpoch: 100, inputAt: (p: number) => labelled(p) } };
  const at = (g: number) => t.apply({ ...labelled(g, 60 + g), dataset: ds, visit: { reached: new Set() } })!;
  for (let g = 0; g < 4; g++) assert.deepEqual([at(g).img!.h, at(g).img!.w], [32, 48]);
  const m = at(9);
  assert.deepEqual([m.img!.h, m.img!.w], [80, 120], '2h x 2w');
  const rng = new Rng(60 + 9);
  rng.random(); // the prob draw
  const picks = [rng.int(0, 4), rng.int(0, 4), rng.int(0, 4)].map((i) => 5 + i); // entries 5..9 less the newest
  const kept = [9, ...picks];
  assert.ok([...m.gt_bboxes_labels!].every((l) => kept.includes(l)) && !picks.includes(9));
  const b = m.gt_bboxes!;
  for (let i = 0; i < b.length; i += 4) assert.ok(b[i]! < 120 && b[i + 1]! < 80 && b[i + 2]! > 0 && b[i + 3]! > 0, 'inside');
  // prob 0: cached (the cache still fills) but never mixed
  const never = buildTransform({ type: 'CachedMosaic', img_scale: [40, 60], max_cached_images: 5, prob: 0 });
  assert.deepEqual([never.apply({ ...labelled(9, 1), dataset: ds, visit: { reached: new Set() } })!.img!.h], [32]);
});

test('mmdet CachedMixUp: the partner keep-ratio resized into img_scale, jittered, flipped, cropped; 0.5/0.5 blend; boxes concatenated', () => {
  const t = buildTransform({ type: 'mmdet.CachedMixUp', img_scale: [32, 48], ratio_range: [1.0, 1.0], flip_ratio: 2.0, max_cached_images: 5, pad_val: 114.0, prob: 1.0 });
  // flip_ratio 2: never flipped; ratio 1: no jitter; a 16 x 24 partner with one box fills the top-left
  const partner = (p: number): Results => ({ ...sample(16, 24, [2, 2, 10, 8], p), gt_bboxes_labels: Int32Array.of(p), position: p });
  const ds = { length: 100, getDataInfo: () => sample(1, 1, []), stream: { seed: 1, perEpoch: 100, inputAt: partner } };
  const cur: Results = { ...sample(32, 48, [30, 20, 40, 30], 3), gt_bboxes_labels: Int32Array.of(99), position: 7, dataset: ds, visit: { reached: new Set() } };
  const m = t.apply(cur)!;
  assert.deepEqual([m.img!.h, m.img!.w], [32, 48]);
  // the partner scaled x2 (min(32/16, 48/24)) fills the canvas: its box doubles, no crop offset
  assert.deepEqual([...m.gt_bboxes!], [30, 20, 40, 30, 4, 4, 20, 16]);
  assert.equal(m.gt_bboxes_labels![0], 99);
  const ori = sample(32, 48, [], 3).img!;
  const big = resizeImage(sample(16, 24, [], m.gt_bboxes_labels![1]!).img!, 48, 32);
  for (const i of [0, 100, 2000, 4607]) assert.equal(m.img!.data[i], Math.trunc(0.5 * ori.data[i]! + 0.5 * big.data[i]!));
});
