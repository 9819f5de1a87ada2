import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTransform } from '../../runtime/data/pipeline.js';
import { letterGeometry, pyRound } from '../../runtime/data/transforms/letter-resize.js';
import { keepRatio } from '../../runtime/data/transforms/keep-ratio-resize.js';
import { mosaicCombine } from '../../runtime/data/transforms/mosaic.js';
import { affineMatrix, filterAffineBoxes } from '../../runtime/data/transforms/random-affine.js';
import { projectBoxes } from '../../runtime/data/boxes.js';
import { fullImage, type Image } from '../../runtime/data/image.js';
import { Rng } from '../../runtime/data/rng.js';
import type { Results } from '../../runtime/data/results.js';

function sample(h: number, w: number, boxes: number[], fill = 50): Results {
  const img: Image = fullImage(h, w, 3, fill);
  return {
    img_path: 'x.png', img_id: 1, height: h, width: w, instances: [], rng: new Rng(1),
    img, img_shape: [h, w], ori_shape: [h, w],
    gt_bboxes: new Float32Array(boxes), gt_bboxes_labels: new Int32Array(boxes.length / 4), gt_ignore_flags: new Uint8Array(boxes.length / 4),
  };
}

const close = (a: Float32Array | number[], b: number[], eps = 1e-3) =>
  assert.ok(a.length === b.length && b.every((v, i) => Math.abs(a[i]! - v) < eps), `${[...a]} vs ${b}`);

test('python round is half to even', () => {
  assert.deepEqual([0.5, 1.5, 2.5, -0.5, 2.4, 2.6].map(pyRound), [0, 2, 2, 0, 2, 3]);
});

test('LetterResize without scale-up: 300x200 into 320x320 pads 60/60 rows, 10/10 columns', () => {
  const g = letterGeometry(200, 300, [320, 320], false);
  assert.deepEqual(g.size, [200, 300]);
  assert.deepEqual(g.pad, [60, 60, 10, 10]);
  const t = buildTransform({ type: 'LetterResize', scale: [320, 320], allow_scale_up: false, pad_val: { img: 114 } });
  const r = t.apply(sample(200, 300, [10, 20, 110, 120]))!;
  assert.deepEqual(r.img_shape, [320, 320]);
  assert.deepEqual([...r.pad_param!], [60, 60, 10, 10]);
  close(r.gt_bboxes!, [20, 80, 120, 180]);
  assert.equal(r.img!.data[0], 114); // padding
  assert.equal(r.img!.data[(100 * 320 + 100) * 3], 50); // image
});

test('LetterResize with scale-up: 300x200 -> 320x213, odd padding 53 top / 54 bottom', () => {
  const g = letterGeometry(200, 300, [320, 320], true);
  assert.deepEqual(g.size, [213, 320]);
  assert.deepEqual(g.pad, [53, 54, 0, 0]);
  assert.deepEqual(g.scaleFactor, [320 / 300, 213 / 200]);
  const r = buildTransform({ type: 'LetterResize', scale: [320, 320] }).apply(sample(200, 300, [10, 20, 110, 120]))!;
  close(r.gt_bboxes!, [10 * 320 / 300, 20 * 1.065 + 53, 110 * 320 / 300, 120 * 1.065 + 53]);
});

test('LetterResize follows batch_shape and composes with YOLOv5KeepRatioResize', () => {
  assert.equal(keepRatio(200, 300, [320, 320]), 320 / 300);
  let r = sample(200, 300, []);
  r = buildTransform({ type: 'YOLOv5KeepRatioResize', scale: [320, 320] }).apply(r)!;
  assert.deepEqual(r.img_shape, [213, 320]); // int(200 * 1.0667)
  r.batch_shape = [224, 320];
  r = buildTransform({ type: 'LetterResize', scale: [320, 320], allow_scale_up: false }).apply(r)!;
  assert.deepEqual(r.img_shape, [224, 320]);
  assert.deepEqual([...r.pad_param!], [5, 6, 0, 0]);
  close(r.scale_factor!, [320 / 300, 213 / 200], 1e-9);
});

test('RandomFlip mirrors boxes and pixels; prob 0 never flips', () => {
  const s = sample(4, 100, [10, 20, 30, 40]);
  s.img!.data[0] = 255; // pixel (0, 0) channel 0
  const r = buildTransform({ type: 'mmdet.RandomFlip', prob: 1 }).apply(s)!;
  close(r.gt_bboxes!, [70, 20, 90, 40]);
  assert.equal(r.img!.data[99 * 3], 255);
  assert.equal(r.flip, true);
  const n = buildTransform({ type: 'RandomFlip', prob: 0 }).apply(sample(4, 100, [10, 20, 30, 40]))!;
  close(n.gt_bboxes!, [10, 20, 30, 40]);
  assert.equal(n.flip, false);
});

test('Mosaic quadrant geometry matches MMYOLO _mosaic_combine', () => {
  // centre (300, 200) on a 640x640 canvas (img_scale 320), a 100x50 image
  assert.deepEqual(mosaicCombine('top_left', 300, 200, 100, 50, 320, 320), { paste: [200, 150, 300, 200], crop: [0, 0, 100, 50] });
  assert.deepEqual(mosaicCombine('top_right', 600, 20, 100, 50, 320, 320), { paste: [600, 0, 640, 20], crop: [0, 30, 40, 50] });
  assert.deepEqual(mosaicCombine('bottom_left', 50, 620, 100, 50, 320, 320), { paste: [0, 620, 50, 640], crop: [50, 0, 100, 20] });
  assert.deepEqual(mosaicCombine('bottom_right', 300, 200, 100, 50, 320, 320), { paste: [300, 200, 400, 250], crop: [0, 0, 100, 50] });
});

test('the affine warp is translate @ shear @ rotate @ scale @ centre, and boxes follow it', () => {
  const m = affineMatrix({ rotate: 0, scale: 2, shearX: 0, shearY: 0, tx: 50, ty: 40 }, 100, 200);
  close(m, [2, 0, 50 - 200, 0, 2, 40 - 100, 0, 0, 1], 1e-5);
  close(projectBoxes(new Float32Array([100, 50, 110, 60]), m), [50, 40, 70, 60]);
  const rot = affineMatrix({ rotate: 90, scale: 1, shearX: 0, shearY: 0, tx: 0, ty: 0 }, 0, 0);
  // a 90-degree turn maps the box [0,0,10,20] to [-20,0,0,10]
  close(projectBoxes(new Float32Array([0, 0, 10, 20]), rot), [-20, 0, 0, 10], 1e-4);
});

test('affine box filter: size, kept area ratio and aspect ratio', () => {
  const orig = new Float32Array([0, 0, 10, 10, 0, 0, 10, 10, 0, 0, 10, 10, 0, 0, 100, 100]);
  const warped = new Float32Array([0, 0, 10, 10, 0, 0, 2, 10, 0, 0, 3, 3, 0, 0, 100, 4.5]);
  // ok; width 2 not > 2; area 9/100 not > 0.1; aspect 22.2 not < 20
  assert.deepEqual(filterAffineBoxes(orig, warped, 2, 0.1, 20), [true, false, false, false]);
});

test('YOLOv5RandomAffine with a fixed scale keeps in-image boxes and drops ones pushed outside', () => {
  const t = buildTransform({ type: 'YOLOv5RandomAffine', max_rotate_degree: 0, max_shear_degree: 0, max_translate_ratio: 0, scaling_ratio_range: [1, 1], border: [-25, -25] });
  const r = t.apply(sample(100, 100, [40, 40, 60, 60, 0, 0, 20, 20]))!;
  assert.deepEqual(r.img_shape, [50, 50]);
  // centre crop: (x - 50) + 25
  close(r.gt_bboxes!, [15, 15, 35, 35]);
  assert.equal(r.gt_bboxes_labels!.length, 1);
});

test('Albu: each transform runs with its p and leaves boxes alone; ToGray makes channels equal', () => {
  const s = sample(16, 16, [1, 2, 3, 4]);
  for (let i = 0; i < s.img!.data.length; i++) s.img!.data[i] = (i * 37) % 256;
  const gray = buildTransform({ type: 'mmdet.Albu', transforms: [{ type: 'ToGray', p: 1 }], keymap: { img: 'image' } }).apply(s)!;
  for (let i = 0; i < 256; i++) assert.ok(gray.img!.data[i * 3] === gray.img!.data[i * 3 + 1] && gray.img!.data[i * 3] === gray.img!.data[i * 3 + 2]);
  close(gray.gt_bboxes!, [1, 2, 3, 4]);
  const never = buildTransform({ type: 'Albu', transforms: [{ type: 'Blur', p: 0 }, { type: 'MedianBlur', p: 0 }, { type: 'CLAHE', p: 0 }] }).apply(s)!;
  assert.equal(never.img, s.img);
  const blur = buildTransform({ type: 'Albu', transforms: [{ type: 'Blur', p: 1, blur_limit: [3, 3] }] }).apply(s)!;
  assert.notDeepEqual(blur.img!.data, s.img!.data);
});

test('YOLOv5HSVRandomAug is a pure function of the sample stream', () => {
  const a = sample(8, 8, []), b = sample(8, 8, []);
  for (const r of [a, b]) for (let i = 0; i < r.img!.data.length; i++) r.img!.data[i] = (i * 53) % 256;
  const t = buildTransform({ type: 'YOLOv5HSVRandomAug' });
  const ra = t.apply(a)!, rb = t.apply(b)!;
  assert.deepEqual(ra.img!.data, rb.img!.data);
  assert.notDeepEqual(ra.img!.data, a.img!.data);
});
