import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/paths.js';
import { CocoEvaluator, cocoStats, evaluateCocoFiles, parseCocoGt, parseDetections, type CocoDetection } from '../../runtime/eval/coco.js';
import { PARAMS } from '../../runtime/eval/cocoeval.js';
import { linspace, mean, pairwiseSum } from '../../runtime/eval/numpy.js';

const DIR = path.join(ROOT, 'tests/fixtures/coco');
const expected = JSON.parse(readFileSync(path.join(DIR, 'expected.json'), 'utf8')) as Record<string, number[]>;
const err = (code: string) => (e: unknown) => (e as { code?: string }).code === code;

test('stats equal pycocotools exactly on every generated case', () => {
  assert.ok(Object.keys(expected).length >= 8);
  for (const [name, want] of Object.entries(expected)) {
    const got = evaluateCocoFiles(path.join(DIR, `${name}.gt.json`), path.join(DIR, `${name}.dt.json`));
    assert.deepEqual(got, want, name);
  }
});

test('restricted catIds / imgIds equal pycocotools with params set (MMDetection\'s way)', () => {
  const subsets = JSON.parse(readFileSync(path.join(DIR, 'subsets.json'), 'utf8')) as Record<string, { case: string; catIds: number[] | null; imgIds: number[] | null; stats: number[] }>;
  assert.ok(Object.keys(subsets).length >= 3);
  for (const [k, s] of Object.entries(subsets)) {
    const gt = parseCocoGt(JSON.parse(readFileSync(path.join(DIR, `${s.case}.gt.json`), 'utf8')));
    const dets = parseDetections(JSON.parse(readFileSync(path.join(DIR, `${s.case}.dt.json`), 'utf8')));
    const got = cocoStats(gt, dets, undefined, { catIds: s.catIds ?? undefined, imgIds: s.imgIds ?? undefined });
    assert.deepEqual(got, s.stats, k);
    assert.notDeepEqual(got, expected[s.case], `${k} should differ from the unrestricted stats`);
  }
});

test('the streaming evaluator gives the file results, and MMDetection keys rounded to 3 places', () => {
  const name = 'random_crowd';
  const gtJson = JSON.parse(readFileSync(path.join(DIR, `${name}.gt.json`), 'utf8'));
  const dets = parseDetections(JSON.parse(readFileSync(path.join(DIR, `${name}.dt.json`), 'utf8')));
  const ev = new CocoEvaluator(gtJson);
  const byImage = new Map<unknown, CocoDetection[]>();
  for (const d of dets) (byImage.get(d.image_id) ?? byImage.set(d.image_id, []).get(d.image_id)!).push(d);
  for (const [img, ds] of [...byImage].reverse()) ev.add(img as number, ds.map(({ image_id: _, ...rest }) => rest));
  const r = ev.summarize();
  assert.deepEqual(r.stats, expected[name]);
  assert.equal(r['coco/bbox_mAP'], Number(expected[name]![0]!.toFixed(3)));
  assert.equal(r['coco/bbox_mAP_50'], Number(expected[name]![1]!.toFixed(3)));
  assert.equal(r['coco/bbox_mAP_l'], Number(expected[name]![5]!.toFixed(3)));
});

test('addXyxy converts boxes and maps labels through the sorted category ids', () => {
  const gt = { images: [{ id: 1 }], categories: [{ id: 9 }, { id: 3 }], annotations: [
    { id: 1, image_id: 1, category_id: 9, bbox: [10, 10, 20, 20], area: 400, iscrowd: 0 },
    { id: 2, image_id: 1, category_id: 3, bbox: [50, 50, 40, 40], area: 1600, iscrowd: 0 },
  ] };
  // label 0 -> category 3 (ids sorted), label 1 -> 9
  const ev = new CocoEvaluator(gt).addXyxy(1, [50, 50, 90, 90, 10, 10, 30, 30], [0.9, 0.8], [0, 1]);
  // precision is tp / (tp + fp + eps): a perfect score is 1 - 2e-16, as in pycocotools
  assert.equal(ev.stats()[0], 1 / (1 + 2.220446049250313e-16));
  const swapped = new CocoEvaluator(gt).addXyxy(1, [50, 50, 90, 90, 10, 10, 30, 30], [0.9, 0.8], [1, 0]);
  assert.equal(swapped.stats()[0], 0);
});

test('hand cases: no detections, no GT at all, crowd absorbs, false positives on empty images', () => {
  const gt = parseCocoGt({ images: [{ id: 1 }, { id: 2 }], categories: [{ id: 1 }], annotations: [
    { id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], area: 100, iscrowd: 0 },
    { id: 2, image_id: 1, category_id: 1, bbox: [20, 20, 50, 50], area: 2500, iscrowd: 1 },
  ] });
  assert.deepEqual(cocoStats(gt, []).slice(0, 3), [0, 0, 0]);
  const hit = { image_id: 1, category_id: 1, bbox: [0, 0, 10, 10] as [number, number, number, number], score: 0.5 };
  const inCrowd = (s: number) => ({ image_id: 1, category_id: 1, bbox: [25, 25, 10, 10] as [number, number, number, number], score: s });
  // a perfect hit plus many detections inside the crowd region (ignored): AP 1
  assert.equal(cocoStats(gt, [hit, inCrowd(0.9), inCrowd(0.8), inCrowd(0.7)])[0], 1 / (1 + 2.220446049250313e-16));
  // a higher-scored false positive on the GT-less image 2 halves the precision at recall 1
  const fp = { ...hit, image_id: 2, score: 0.9 };
  assert.equal(cocoStats(gt, [hit, fp])[1], 0.5);
  const none = parseCocoGt({ images: [{ id: 1 }], categories: [{ id: 1 }] });
  assert.deepEqual(cocoStats(none, [hit]), new Array(12).fill(-1));
});

test('numpy arithmetic: linspace points, pairwise means', () => {
  assert.equal(PARAMS.iouThrs[8], 0.8999999999999999);
  assert.equal(PARAMS.iouThrs[5], 0.75);
  assert.equal(PARAMS.recThrs[35], 0.35000000000000003);
  assert.equal(PARAMS.recThrs[100], 1);
  assert.deepEqual(linspace(0, 1, 3), [0, 0.5, 1]);
  // numpy's pairwise sum differs from a running sum here
  const a = [1e16, 1, 1, 1, 1, 1, 1, 1, -1e16, 1, 1, 1, 1, 1, 1, 1];
  let naive = 0;
  for (const x of a) naive += x;
  assert.notEqual(pairwiseSum(a), naive);
  assert.equal(pairwiseSum(a), 14);
  assert.equal(naive, 7);
  assert.equal(mean([1, 2, 3, 4]), 2.5);
});

test('bad files are YolocErrors naming the problem', () => {
  assert.throws(() => evaluateCocoFiles(path.join(DIR, 'missing.json'), path.join(DIR, 'random_basic.dt.json')), err('YC7210'));
  assert.throws(() => evaluateCocoFiles(path.join(DIR, 'random_basic.dt.json'), path.join(DIR, 'random_basic.dt.json')), err('YC7210'));
  assert.throws(() => evaluateCocoFiles(path.join(DIR, 'random_basic.gt.json'), path.join(DIR, 'random_basic.gt.json')), err('YC7211'));
  assert.throws(() => parseDetections([{ image_id: 1, category_id: 1, bbox: [1, 2, 3], score: 1 }]), err('YC7211'));
  assert.throws(() => parseCocoGt({ images: [{ id: 1 }], categories: [{ id: 1 }], annotations: [{ id: 1, image_id: 1, category_id: 1 }] }), err('YC7210'));
  const gt = parseCocoGt({ images: [{ id: 1 }], categories: [{ id: 1 }], annotations: [] });
  assert.throws(() => cocoStats(gt, [{ image_id: 7, category_id: 1, bbox: [0, 0, 1, 1], score: 1 }]), err('YC7212'));
  assert.throws(() => new CocoEvaluator(gt).add(7, []), err('YC7212'));
});
