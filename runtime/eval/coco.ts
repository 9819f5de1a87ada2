/**
 * The COCO bbox metric as MMDetection's CocoMetric reports it, computed with pycocotools' exact
 * rules (runtime/eval/cocoeval.ts): a loader for GT and results files with clear errors, a
 * one-shot `evaluateCoco`, and the streaming `CocoEvaluator` the training loop feeds.
 */
import { readFileSync } from 'node:fs';
import { YolocError, fsReason } from '../errors.js';
import { evaluateAndAccumulate, summarize, type CocoId, type EvalDt, type EvalGt } from './cocoeval.js';

/** A COCO results entry: bbox is [x, y, w, h] in image pixels. */
export interface CocoDetection {
  image_id: CocoId;
  category_id: CocoId;
  bbox: [number, number, number, number];
  score: number;
}

/** The parts of a COCO GT file the metric uses (validated). */
export interface CocoGt {
  imageIds: CocoId[];
  catIds: CocoId[];
  anns: EvalGt[];
}

/** COCOeval.params.imgIds / catIds: evaluate only these (all of the GT's by default). */
export interface EvalSubset {
  imgIds?: CocoId[];
  catIds?: CocoId[];
}

/** pycocotools' summarize() names, in its order. */
export const STAT_NAMES = [
  'AP@[.50:.95] all 100', 'AP@.50 all 100', 'AP@.75 all 100', 'AP small', 'AP medium', 'AP large',
  'AR all 1', 'AR all 10', 'AR all 100', 'AR small', 'AR medium', 'AR large',
] as const;

/** MMDetection's keys for stats[0..5] (its default metric_items for bbox), prefixed `coco/`. */
export const MMDET_KEYS = ['coco/bbox_mAP', 'coco/bbox_mAP_50', 'coco/bbox_mAP_75', 'coco/bbox_mAP_s', 'coco/bbox_mAP_m', 'coco/bbox_mAP_l'] as const;

type Obj = { [k: string]: unknown };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is CocoId => (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string';
const isBox = (v: unknown): v is [number, number, number, number] =>
  Array.isArray(v) && v.length === 4 && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** Reads and parses a JSON file; `code` is the YolocError code for every failure. */
export function readJson(file: string, code: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new YolocError(code, `cannot read: ${fsReason(e)}`, file);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new YolocError(code, `not JSON: ${(e as Error).message}`, file);
  }
}

/** Sorted as Python sorts one kind of id (numbers numerically, strings by code point). */
function sortIds(ids: Iterable<CocoId>, what: string, file?: string): CocoId[] {
  const arr = [...new Set(ids)];
  const kinds = new Set(arr.map((x) => typeof x));
  if (kinds.size > 1) throw new YolocError('YC7210', `${what} mix numbers and strings`, file);
  return arr.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Validates a parsed COCO GT dataset (images, annotations, categories). */
export function parseCocoGt(data: unknown, file?: string): CocoGt {
  const bad = (msg: string) => new YolocError('YC7210', msg, file);
  if (Array.isArray(data)) {
    // a list is what a results file holds: the two arguments were likely swapped
    throw new YolocError('YC7210', 'the ground truth must be a JSON object with images, annotations and categories, not a list (a results file?)', file,
      'give the COCO annotation file first, then the results: yoloc eval GT.json DETECTIONS.json');
  }
  if (!isObj(data)) throw bad('the ground truth must be a JSON object with images, annotations and categories');
  for (const k of ['images', 'categories']) if (!Array.isArray(data[k])) throw bad(`the ground truth has no '${k}' list`);
  // pycocotools accepts a dataset without annotations (nothing to find: AP -1)
  if (data.annotations !== undefined && !Array.isArray(data.annotations)) throw bad("the ground truth's 'annotations' is not a list");
  const images = data.images as unknown[];
  const imageIds = sortIds(images.map((im, i) => {
    if (!isObj(im) || !isId(im.id)) throw bad(`images[${i}] has no id`);
    return im.id;
  }), 'image ids', file);
  const catIds = sortIds((data.categories as unknown[]).map((c, i) => {
    if (!isObj(c) || !isId(c.id)) throw bad(`categories[${i}] has no id`);
    return c.id;
  }), 'category ids', file);
  const anns = ((data.annotations ?? []) as unknown[]).map((a, i): EvalGt => {
    if (!isObj(a)) throw bad(`annotations[${i}] is not an object`);
    if (typeof a.id !== 'number' || !Number.isFinite(a.id)) throw bad(`annotations[${i}] has no numeric id`);
    if (!isId(a.image_id) || !isId(a.category_id)) throw bad(`annotations[${i}] (id ${a.id}) lacks image_id or category_id`);
    if (!isBox(a.bbox)) throw bad(`annotations[${i}] (id ${a.id}) has no bbox [x, y, w, h] of numbers`);
    // pycocotools needs `area`; MMDetection's converter writes w*h, the fallback here
    const area = a.area === undefined ? a.bbox[2] * a.bbox[3] : a.area;
    if (typeof area !== 'number' || !Number.isFinite(area)) throw bad(`annotations[${i}] (id ${a.id}) has a non-numeric area`);
    return { id: a.id, imageId: a.image_id, categoryId: a.category_id, bbox: a.bbox, area, iscrowd: Boolean(a.iscrowd) };
  });
  return { imageIds, catIds, anns };
}

/** Validates a parsed results list (loadRes): every entry needs image_id, category_id, bbox, score. */
export function parseDetections(data: unknown, file?: string): CocoDetection[] {
  const bad = (msg: string) => new YolocError('YC7211', msg, file);
  if (!Array.isArray(data)) throw bad('detections must be a JSON list of {image_id, category_id, bbox, score}');
  return data.map((d, i) => {
    if (!isObj(d)) throw bad(`entry ${i} is not an object`);
    if (!isId(d.image_id) || !isId(d.category_id)) throw bad(`entry ${i} lacks image_id or category_id`);
    if (!isBox(d.bbox)) throw bad(`entry ${i} has no bbox [x, y, w, h] of numbers`);
    if (typeof d.score !== 'number' || !Number.isFinite(d.score)) throw bad(`entry ${i} has no numeric score`);
    return { image_id: d.image_id, category_id: d.category_id, bbox: d.bbox, score: d.score };
  });
}

/**
 * Streaming COCO evaluation: `new CocoEvaluator(gt).add(imageId, detections)` per image
 * (any order, any number of calls), then `summarize()`. Detections keep the order they were
 * added in, which breaks score ties as a results file would.
 */
export class CocoEvaluator {
  private readonly gt: CocoGt;
  private readonly dets: CocoDetection[] = [];
  private readonly known: Set<CocoId>;

  /**
   * `gt`: a parsed CocoGt or the COCO JSON itself. `opts.catIds`/`opts.imgIds` restrict the
   * evaluation as MMDetection's CocoMetric sets COCOeval.params (its classes' category ids).
   */
  constructor(gt: CocoGt | unknown, private readonly opts: EvalSubset = {}) {
    this.gt = isObj(gt) && Array.isArray(gt.anns) ? (gt as unknown as CocoGt) : parseCocoGt(gt);
    this.known = new Set(this.gt.imageIds);
  }

  /** Adds one image's detections ([x, y, w, h] boxes; image_id is set to `imageId`). */
  add(imageId: CocoId, detections: Omit<CocoDetection, 'image_id'>[]): this {
    if (!this.known.has(imageId)) throw new YolocError('YC7212', `image ${JSON.stringify(imageId)} is not in the ground truth`);
    for (const d of detections) this.dets.push({ ...d, image_id: imageId });
    return this;
  }

  /** Adds xyxy boxes with 0-based labels mapped through `catIds` (MMDetection's results2json). */
  addXyxy(imageId: CocoId, boxes: ArrayLike<number>, scores: ArrayLike<number>, labels: ArrayLike<number>, catIds = this.gt.catIds): this {
    const dets: Omit<CocoDetection, 'image_id'>[] = [];
    for (let i = 0; i < scores.length; i++) {
      const [x1, y1, x2, y2] = [boxes[4 * i]!, boxes[4 * i + 1]!, boxes[4 * i + 2]!, boxes[4 * i + 3]!];
      const cat = catIds[labels[i]!];
      if (cat === undefined) throw new YolocError('YC7211', `label ${labels[i]} has no category (${catIds.length} categories)`);
      dets.push({ category_id: cat, bbox: [x1, y1, x2 - x1, y2 - y1], score: scores[i]! });
    }
    return this.add(imageId, dets);
  }

  /** The 12 numbers of pycocotools' summarize(). */
  stats(): number[] {
    return cocoStats(this.gt, this.dets, undefined, this.opts);
  }

  /** MMDetection's CocoMetric results: `coco/bbox_mAP` ... `coco/bbox_mAP_l`, rounded to 3 decimals as it does. */
  summarize(): Record<(typeof MMDET_KEYS)[number], number> & { stats: number[] } {
    const stats = this.stats();
    const out = { stats } as Record<string, number> & { stats: number[] };
    MMDET_KEYS.forEach((k, i) => { out[k] = Number(stats[i]!.toFixed(3)); });
    return out as Record<(typeof MMDET_KEYS)[number], number> & { stats: number[] };
  }
}

/**
 * The 12 summarize() numbers for GT and results. Detections on images outside the GT are an
 * error (pycocotools' loadRes asserts); on categories outside it, ignored (as COCOeval does).
 * No detections at all gives 0 (or -1) where pycocotools would refuse to load the results.
 */
export function cocoStats(gt: CocoGt, dets: CocoDetection[], file?: string, subset: EvalSubset = {}): number[] {
  const key = (i: CocoId, c: CocoId) => JSON.stringify([i, c]);
  const allImgs = new Set(gt.imageIds);
  const imgIds = subset.imgIds ? sortIds(subset.imgIds, 'image ids') : gt.imageIds;
  const catIds = subset.catIds ? sortIds(subset.catIds, 'category ids') : gt.catIds;
  const imgs = new Set(imgIds);
  const cats = new Set(catIds);
  const gts = new Map<string, EvalGt[]>();
  // COCOeval._prepare: annotations grouped per image in sorted image order, file order within
  for (const a of gt.anns) {
    if (!imgs.has(a.imageId) || !cats.has(a.categoryId)) continue;
    const k = key(a.imageId, a.categoryId);
    (gts.get(k) ?? gts.set(k, []).get(k)!).push(a);
  }
  const dts = new Map<string, EvalDt[]>();
  dets.forEach((d, i) => {
    if (!allImgs.has(d.image_id)) throw new YolocError('YC7212', `detection ${i}: image ${JSON.stringify(d.image_id)} is not in the ground truth`, file);
    if (!imgs.has(d.image_id) || !cats.has(d.category_id)) return;
    const k = key(d.image_id, d.category_id);
    const e: EvalDt = { id: i + 1, imageId: d.image_id, categoryId: d.category_id, bbox: d.bbox, area: d.bbox[2] * d.bbox[3], score: d.score };
    (dts.get(k) ?? dts.set(k, []).get(k)!).push(e);
  });
  return summarize(evaluateAndAccumulate(imgIds, catIds, gts, dts));
}

/** `yoloc eval`'s core: the 12 stats for a GT file and a results file. */
export function evaluateCocoFiles(gtFile: string, dtFile: string): number[] {
  const gt = parseCocoGt(readJson(gtFile, 'YC7210'), gtFile);
  const dets = parseDetections(readJson(dtFile, 'YC7211'), dtFile);
  return cocoStats(gt, dets, dtFile);
}
