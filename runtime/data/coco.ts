/**
 * COCO annotation files as MMDetection's CocoDataset reads them: images in file order,
 * labels in the order of the JSON's categories that are named in metainfo.classes, boxes
 * [x, y, w, h] -> [x1, y1, x2, y2]. Annotations MMDetection skips (no overlap with the image,
 * w or h < 1, area <= 0, a category outside the classes, `ignore`) are skipped and counted;
 * malformed ones are a YC7302 naming the file and the entry.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { YolocError, fsReason } from '../errors.js';
import type { Instance } from './results.js';

/** One image with its instances, as parse_data_info returns it. */
export interface DataInfo {
  img_path: string;
  img_id: number;
  height: number;
  width: number;
  instances: Instance[];
  batch_shape?: [number, number];
}

/** What a COCO file gave: infos, class names in label order, and what was skipped. */
export interface CocoLoad {
  infos: DataInfo[];
  classes: string[];
  catIds: number[];
  /** Image ids with any annotation of a kept class, valid or not (MMDetection's cat_img_map). */
  idsWithCat: Set<number>;
  skipped: { count: number; reasons: Record<string, number> };
}

type Json = Record<string, unknown>;

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Reads and checks a COCO detection file; image paths are joined onto imgPrefix. */
export function loadCoco(annFile: string, imgPrefix: string, classes?: string[]): CocoLoad {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(annFile, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new YolocError('YC7300', `cannot read annotation file: ${fsReason(e)}`, annFile,
        'point the config at your COCO data: set data_root in a config that inherits this one (MMYOLO configs build ann_file and the evaluators\' ann_file from it), as MMYOLO\'s yolov5_s-v61_fast_1xb12-40e_cat.py does; to try without data, yoloc synth -o DIR --train 64 --val 16 writes a small COCO dataset');
    }
    throw new YolocError('YC7300', code ? `cannot read annotation file: ${fsReason(e)}` : `annotation file is not JSON: ${(e as Error).message}`, annFile);
  }
  const bad = (code: string, msg: string) => new YolocError(code, msg, annFile);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw bad('YC7300', 'annotation file is not a JSON object');
  const doc = raw as Json;
  for (const k of ['images', 'annotations', 'categories']) {
    if (!Array.isArray(doc[k])) throw bad('YC7301', `'${k}' is missing or not a list`);
  }
  const cats = doc.categories as Json[];
  cats.forEach((c, i) => {
    if (!c || typeof c !== 'object' || !isNum(c.id) || typeof c.name !== 'string') throw bad('YC7301', `categories[${i}] needs a numeric 'id' and a string 'name'`);
  });
  const names = classes ?? cats.map((c) => c.name as string);
  for (const n of names) if (!cats.some((c) => c.name === n)) throw bad('YC7303', `class '${n}' of metainfo.classes is not among the file's categories`);
  const kept = cats.filter((c) => names.includes(c.name as string));
  const catIds = kept.map((c) => c.id as number);
  const cat2label = new Map(catIds.map((id, i) => [id, i]));
  const images = doc.images as Json[];
  const byId = new Map<number, DataInfo>();
  const infos: DataInfo[] = [];
  images.forEach((im, i) => {
    if (!im || typeof im !== 'object' || !isNum(im.id) || typeof im.file_name !== 'string' || !isNum(im.width) || !isNum(im.height) || im.width <= 0 || im.height <= 0) {
      throw bad('YC7301', `images[${i}] needs a numeric 'id', a 'file_name' and positive 'width'/'height'`);
    }
    if (byId.has(im.id)) throw bad('YC7301', `images[${i}]: duplicate image id ${im.id}`);
    const info: DataInfo = { img_path: path.join(imgPrefix, im.file_name), img_id: im.id, height: im.height, width: im.width, instances: [] };
    byId.set(im.id, info);
    infos.push(info);
  });
  const skipped = { count: 0, reasons: {} as Record<string, number> };
  const skip = (why: string) => { skipped.count++; skipped.reasons[why] = (skipped.reasons[why] ?? 0) + 1; };
  const idsWithCat = new Set<number>();
  const annIds = new Set<unknown>();
  (doc.annotations as Json[]).forEach((an, i) => {
    if (!an || typeof an !== 'object') throw bad('YC7302', `annotations[${i}] is not an object`);
    const bbox = an.bbox;
    if (!Array.isArray(bbox) || bbox.length !== 4 || !bbox.every(isNum)) throw bad('YC7302', `annotations[${i}].bbox must be [x, y, w, h] numbers`);
    if (!isNum(an.image_id) || !byId.has(an.image_id)) throw bad('YC7302', `annotations[${i}].image_id ${JSON.stringify(an.image_id)} names no image`);
    if (!isNum(an.category_id)) throw bad('YC7302', `annotations[${i}].category_id must be a number`);
    if (!isNum(an.area)) throw bad('YC7302', `annotations[${i}].area must be a number`);
    if (an.id !== undefined) {
      if (annIds.has(an.id)) throw bad('YC7302', `annotations[${i}]: duplicate annotation id ${String(an.id)}`);
      annIds.add(an.id);
    }
    const info = byId.get(an.image_id)!;
    // cat_img_map (pycocotools catToImgs) counts every annotation, even ones skipped below
    if (cat2label.has(an.category_id)) idsWithCat.add(info.img_id);
    if (an.ignore) return skip('ignore');
    const [x1, y1, w, h] = bbox as [number, number, number, number];
    const iw = Math.max(0, Math.min(x1 + w, info.width) - Math.max(x1, 0));
    const ih = Math.max(0, Math.min(y1 + h, info.height) - Math.max(y1, 0));
    if (iw * ih === 0) return skip('outside the image');
    if (an.area <= 0 || w < 1 || h < 1) return skip('smaller than 1 pixel or zero area');
    const label = cat2label.get(an.category_id);
    if (label === undefined) return skip('category not in classes');
    info.instances.push({ bbox: [x1, y1, x1 + w, y1 + h], bbox_label: label, ignore_flag: an.iscrowd ? 1 : 0 });
  });
  return { infos, classes: kept.map((c) => c.name as string), catIds, idsWithCat, skipped };
}
