import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { YOLOv5CocoDataset } from '../../runtime/data/dataset.js';
import { buildPipeline } from '../../runtime/data/pipeline.js';
import { synthDataset } from '../../runtime/data/synth.js';
import { collate } from '../../runtime/data/collate.js';
import { hsvTables } from '../../runtime/data/transforms/hsv.js';
import { bgrToHsv, hsvToBgr } from '../../runtime/data/color.js';
import { YolocError } from '../../runtime/errors.js';
import { tinyDataset, testPipeline, datasetCfg } from './helpers.js';

const root = tinyDataset(4, 2, 48, 3);
const isErr = (code: string, file?: string) => (e: unknown) => e instanceof YolocError && e.code === code && (file === undefined || e.file === file);

function withAnn(mutate: (doc: { images: any[]; annotations: any[]; categories: any[] }) => void): string {
  const doc = JSON.parse(readFileSync(path.join(root, 'annotations/instances_train.json'), 'utf8'));
  mutate(doc);
  const f = path.join(mkdtempSync(path.join(tmpdir(), 'yoloc-ann-')), 'ann.json');
  writeFileSync(f, JSON.stringify(doc));
  return f;
}

const cfgFor = (ann: string) => ({ ann_file: ann, data_prefix: { img: path.join(root, 'train') }, pipeline: testPipeline(48) });

test('synth is deterministic for a seed and writes valid COCO', () => {
  const a = mkdtempSync(path.join(tmpdir(), 'yoloc-syn-')), b = mkdtempSync(path.join(tmpdir(), 'yoloc-syn-'));
  synthDataset({ out: a, train: 3, val: 0, size: 40, seed: 9 });
  synthDataset({ out: b, train: 3, val: 0, size: 40, seed: 9 });
  for (const f of readdirSync(path.join(a, 'train'))) assert.ok(readFileSync(path.join(a, 'train', f)).equals(readFileSync(path.join(b, 'train', f))), f);
  const doc = JSON.parse(readFileSync(path.join(a, 'annotations/instances_train.json'), 'utf8'));
  assert.equal(doc.images.length, 3);
  assert.ok(doc.images.some((i: { file_name: string }) => i.file_name.endsWith('.jpg')));
  for (const an of doc.annotations) {
    const im = doc.images.find((i: { id: number }) => i.id === an.image_id);
    assert.ok(an.bbox[0] >= 0 && an.bbox[1] >= 0 && an.bbox[0] + an.bbox[2] <= im.width && an.bbox[1] + an.bbox[3] <= im.height);
    assert.ok(an.area > 0 && an.area <= an.bbox[2] * an.bbox[3]);
  }
});

test('labels follow the JSON category order of the named classes; filter_cfg drops empties and small images', () => {
  const ann = withAnn((d) => { d.images.push({ id: 999, file_name: 'none.png', width: 20, height: 20 }); });
  const ds = new YOLOv5CocoDataset({ ...cfgFor(ann), metainfo: { classes: ['triangle', 'circle'] }, filter_cfg: { filter_empty_gt: true, min_size: 32 } }, { warn: () => {} });
  assert.deepEqual(ds.classes, ['circle', 'triangle']);
  const all = new YOLOv5CocoDataset({ ...cfgFor(ann), metainfo: { classes: ['triangle', 'circle'] } }, { warn: () => {} });
  assert.equal(all.length, 5);
  assert.ok(ds.length < all.length);
  for (let i = 0; i < ds.length; i++) assert.ok(ds.getDataInfo(i).instances.length > 0);
  const inTest = new YOLOv5CocoDataset({ ...cfgFor(ann), test_mode: true, filter_cfg: { filter_empty_gt: true, min_size: 32 } }, { warn: () => {} });
  assert.equal(inTest.length, 5, 'test_mode filters nothing');
});

test('boxes outside the image, tiny and unknown-category boxes are skipped with one warning', () => {
  const ann = withAnn((d) => {
    d.annotations.push({ id: 900, image_id: 1, category_id: 1, bbox: [100, 100, 5, 5], area: 25, iscrowd: 0 });
    d.annotations.push({ id: 901, image_id: 1, category_id: 1, bbox: [1, 1, 0.5, 5], area: 2, iscrowd: 0 });
    d.annotations.push({ id: 902, image_id: 1, category_id: 77, bbox: [1, 1, 5, 5], area: 25, iscrowd: 0 });
  });
  const warnings: string[] = [];
  const ds = new YOLOv5CocoDataset(cfgFor(ann), { warn: (m) => warnings.push(m) });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /skipped 3 annotations.*1 outside the image.*1 smaller.*1 category not in classes/);
  assert.ok(ds.length === 4);
});

test('malformed annotation files are YC730x errors naming the file', () => {
  const cases: [string, (d: any) => void][] = [
    ['YC7301', (d) => { delete d.images; }],
    ['YC7301', (d) => { d.images[0].width = 'wide'; }],
    ['YC7302', (d) => { d.annotations[0].bbox = [1, 2, 3]; }],
    ['YC7302', (d) => { d.annotations[0].image_id = 12345; }],
    ['YC7302', (d) => { delete d.annotations[0].area; }],
    ['YC7302', (d) => { d.annotations[1].id = d.annotations[0].id; }],
  ];
  for (const [code, mutate] of cases) {
    const f = withAnn(mutate);
    assert.throws(() => new YOLOv5CocoDataset(cfgFor(f)), isErr(code, f), code);
  }
  const f = withAnn(() => {});
  assert.throws(() => new YOLOv5CocoDataset({ ...cfgFor(f), metainfo: { classes: ['unicorn'] } }), isErr('YC7303', f));
  writeFileSync(f, '{ not json');
  assert.throws(() => new YOLOv5CocoDataset(cfgFor(f)), isErr('YC7300', f));
});

test('a missing, corrupt or mis-sized image is an error naming the image', () => {
  const dir = tinyDataset(2, 1, 40, 5);
  const ds = new YOLOv5CocoDataset(datasetCfg(dir, 'train', testPipeline(40), { test_mode: true }));
  const img = ds.getDataInfo(0).img_path;
  writeFileSync(img, Buffer.from('not an image at all'));
  assert.throws(() => ds.prepare(0), isErr('YC7310', img));
  unlinkSync(img);
  assert.throws(() => ds.prepare(0), isErr('YC7310', img));
  const ann = path.join(dir, 'annotations/instances_train.json');
  const doc = JSON.parse(readFileSync(ann, 'utf8'));
  doc.images[1].width += 3;
  writeFileSync(ann, JSON.stringify(doc));
  const ds2 = new YOLOv5CocoDataset(datasetCfg(dir, 'train', testPipeline(40), { test_mode: true }));
  assert.throws(() => ds2.prepare(1), isErr('YC7311', ds2.getDataInfo(1).img_path));
});

test('an unknown transform type is a YC7330 listing the supported ones', () => {
  assert.throws(() => buildPipeline([{ type: 'LoadImageFromFile' }, { type: 'mmdet.CopyPaste' }]),
    (e: unknown) => isErr('YC7330')(e) && /CopyPaste/.test((e as Error).message) && /Mosaic/.test((e as YolocError).fix ?? ''));
  assert.throws(() => buildPipeline([{ type: 'Albu', transforms: [{ type: 'Sharpen' }] }]), isErr('YC7333'));
  assert.throws(() => buildPipeline([{ type: 'RandomFlip', prob: 'half' }]), isErr('YC7330'));
});

test('collate: BGR -> RGB, (x - mean) / std, zero padding, gt rows [img, label, box]', () => {
  const s = (h: number, w: number, bgr: number[], label: number) => ({
    img: Uint8Array.from([...new Array(h * w).fill(bgr[0]), ...new Array(h * w).fill(bgr[1]), ...new Array(h * w).fill(bgr[2])]),
    h, w, gt_bboxes: new Float32Array([1, 2, 3, 4]), gt_labels: new Int32Array([label]),
    ignored_bboxes: new Float32Array(0), ignored_labels: new Int32Array(0), meta: {},
  });
  const b = collate([s(2, 2, [10, 20, 30], 3), s(1, 3, [0, 0, 255], 1)], [5, 6], { mean: [0, 0, 0], std: [255, 255, 255], bgr_to_rgb: true });
  assert.deepEqual(b.shape, [2, 3, 2, 3]);
  assert.equal(b.inputs[0], Math.fround(30 / 255)); // R of image 0
  assert.equal(b.inputs[2], 0); // padded column
  assert.equal(b.inputs[6 * 3], 1); // R plane of image 1
  assert.deepEqual([...b.gt], [0, 3, 1, 2, 3, 4, 1, 1, 1, 2, 3, 4]);
});

test('HSV tables and colour round trip', () => {
  const [h, s, v] = hsvTables([1.01, 1.5, 0.5]);
  assert.equal(h[179], Math.trunc((179 * 1.01) % 180));
  assert.equal(s[200], 255);
  assert.equal(v[201], 100);
  const img = { h: 1, w: 4, c: 3, data: Uint8Array.from([0, 0, 255, 0, 255, 0, 255, 0, 0, 30, 60, 90]) };
  const hsv = bgrToHsv(img);
  assert.deepEqual([...hsv.subarray(0, 9)], [0, 255, 255, 60, 255, 255, 120, 255, 255]);
  const back = hsvToBgr(hsv, 1, 4);
  for (let i = 0; i < 12; i++) assert.ok(Math.abs(back.data[i]! - img.data[i]!) <= 2, `${i}`);
});

test('filter_empty_gt keeps an image whose only box is crowd or tiny, as cat_img_map counts it', () => {
  const ann = withAnn((d) => {
    d.images.push({ id: 500, file_name: 'crowd.png', width: 48, height: 48 }, { id: 501, file_name: 'none.png', width: 48, height: 48 });
    d.annotations.push({ id: 950, image_id: 500, category_id: 1, bbox: [1, 1, 0.5, 0.5], area: 0.25, iscrowd: 0 });
  });
  const ds = new YOLOv5CocoDataset({ ...cfgFor(ann), filter_cfg: { filter_empty_gt: true } }, { warn: () => {} });
  const ids = Array.from({ length: ds.length }, (_, i) => ds.getDataInfo(i).img_id);
  assert.ok(ids.includes(500) && !ids.includes(501));
});
