/**
 * A synthetic COCO-format detection dataset: shapes of K classes (circle, square, triangle,
 * ...) at varied sizes, aspect ratios and small rotations on textured, noisy backgrounds, later
 * shapes occluding earlier ones. Boxes and areas come from the visible pixels; a shape less
 * than 30% visible is left unlabelled, as an annotator would. Images are PNG, every third
 * one JPEG. Deterministic for a seed.
 */
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { Rng } from './rng.js';
import { encodeJpeg, encodePng, type Image } from './image.js';
import { YolocError } from '../errors.js';

/** The shape classes, in category-id order (id = index + 1). */
export const SHAPE_CLASSES = ['circle', 'square', 'triangle', 'cross', 'ring', 'star', 'diamond', 'hexagon', 'crescent', 'bar'];

/** Options of synthDataset. */
export interface SynthOptions {
  out: string;
  train: number;
  val: number;
  classes?: number;
  size?: number;
  seed?: number;
}

type Inside = (u: number, v: number) => boolean;

const INSIDE: Record<string, Inside> = {
  circle: (u, v) => u * u + v * v <= 1,
  square: (u, v) => Math.abs(u) <= 0.92 && Math.abs(v) <= 0.92,
  triangle: (u, v) => v <= 0.9 && v >= -1 && Math.abs(u) <= (v + 1) / 1.9,
  cross: (u, v) => (Math.abs(u) <= 0.3 && Math.abs(v) <= 1) || (Math.abs(v) <= 0.3 && Math.abs(u) <= 1),
  ring: (u, v) => { const r = u * u + v * v; return r <= 1 && r >= 0.36; },
  star: (u, v) => {
    const r = Math.hypot(u, v), t = Math.atan2(v, u) + Math.PI / 2;
    const k = Math.abs(((t / (2 * Math.PI / 5)) % 1 + 1) % 1 - 0.5) * 2; // 1 at a tip, 0 between
    return r <= 0.45 + 0.55 * k ** 1.5;
  },
  diamond: (u, v) => Math.abs(u) + Math.abs(v) <= 1,
  hexagon: (u, v) => Math.abs(v) <= 0.866 && Math.abs(u) * 0.866 + Math.abs(v) * 0.5 <= 0.866,
  crescent: (u, v) => u * u + v * v <= 1 && (u - 0.45) ** 2 + v * v > 0.6,
  bar: (u, v) => Math.abs(u) <= 1 && Math.abs(v) <= 0.35,
};

interface Drawn { label: number; total: number }

function background(rng: Rng, w: number, h: number): Float32Array {
  const px = new Float32Array(w * h * 3);
  const c0 = [rng.uniform(20, 200), rng.uniform(20, 200), rng.uniform(20, 200)];
  const c1 = [rng.uniform(20, 200), rng.uniform(20, 200), rng.uniform(20, 200)];
  const ang = rng.uniform(0, Math.PI * 2), freq = rng.uniform(0.02, 0.12), amp = rng.uniform(0, 25);
  const sx = Float64Array.from({ length: w }, (_, x) => amp * Math.sin(x * freq));
  const cy = Float64Array.from({ length: h }, (_, y) => Math.cos(y * freq * 0.7));
  const ca = Math.cos(ang) / Math.max(w, h) * 0.5, sa = Math.sin(ang) / Math.max(w, h) * 0.5;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const t = x * ca + y * sa + 0.5;
    const tex = sx[x]! * cy[y]!;
    const o = (y * w + x) * 3;
    px[o] = c0[0]! * (1 - t) + c1[0]! * t + tex;
    px[o + 1] = c0[1]! * (1 - t) + c1[1]! * t + tex;
    px[o + 2] = c0[2]! * (1 - t) + c1[2]! * t + tex;
  }
  // distractor strokes: textured clutter that is not an object
  const strokes = rng.int(2, 8);
  for (let s = 0; s < strokes; s++) {
    const x0 = rng.uniform(0, w), y0 = rng.uniform(0, h), a = rng.uniform(0, Math.PI), len = rng.uniform(0.1, 0.6) * w;
    const col = [rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255)], thick = rng.uniform(0.5, 2);
    for (let t = 0; t < len; t += 0.5) {
      const cx = x0 + Math.cos(a) * t, cy = y0 + Math.sin(a) * t;
      for (let dy = -thick; dy <= thick; dy++) for (let dx = -thick; dx <= thick; dx++) {
        const xx = Math.round(cx + dx), yy = Math.round(cy + dy);
        if (xx >= 0 && yy >= 0 && xx < w && yy < h) for (let k = 0; k < 3; k++) px[(yy * w + xx) * 3 + k] = col[k]!;
      }
    }
  }
  return px;
}

/** Renders one image and its objects: pixels, and per object label + visible box + area. */
export function renderScene(rng: Rng, w: number, h: number, numClasses: number): { img: Image; objects: { label: number; bbox: number[]; area: number }[] } {
  const px = background(rng, w, h);
  const owner = new Int16Array(w * h).fill(-1);
  const drawn: Drawn[] = [];
  const n = rng.int(1, 7);
  const S = Math.min(w, h);
  for (let o = 0; o < n; o++) {
    const label = rng.int(0, numClasses);
    const inside = INSIDE[SHAPE_CLASSES[label]!]!;
    const size = S * rng.uniform(0.08, 0.45);
    const aspect = Math.exp(rng.uniform(-0.5, 0.5));
    const hw = (size * Math.sqrt(aspect)) / 2, hh = size / Math.sqrt(aspect) / 2;
    const cx = rng.uniform(hw * 0.5, w - hw * 0.5), cy = rng.uniform(hh * 0.5, h - hh * 0.5);
    const rot = (rng.uniform(-15, 15) * Math.PI) / 180, cs = Math.cos(rot), sn = Math.sin(rot);
    const col = [rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255)];
    const shade = rng.uniform(-0.3, 0.3);
    const r = Math.hypot(hw, hh) + 1;
    let total = 0;
    for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(h, Math.ceil(cy + r)); y++) {
      for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(w, Math.ceil(cx + r)); x++) {
        const dx = x + 0.5 - cx, dy = y + 0.5 - cy;
        const u = (dx * cs + dy * sn) / hw, v = (-dx * sn + dy * cs) / hh;
        if (!inside(u, v)) continue;
        total++;
        owner[y * w + x] = o;
        const g = 1 + shade * u;
        for (let k = 0; k < 3; k++) px[(y * w + x) * 3 + k] = col[k]! * g;
      }
    }
    drawn.push({ label, total });
  }
  const box = drawn.map(() => [Infinity, Infinity, -Infinity, -Infinity, 0]);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const o = owner[y * w + x]!;
    if (o < 0) continue;
    const b = box[o]!;
    b[0] = Math.min(b[0]!, x); b[1] = Math.min(b[1]!, y); b[2] = Math.max(b[2]!, x); b[3] = Math.max(b[3]!, y); b[4]!++;
  }
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < px.length; i++) data[i] = Math.max(0, Math.min(255, Math.round(px[i]! + rng.uniform(-10, 10))));
  const objects: { label: number; bbox: number[]; area: number }[] = [];
  drawn.forEach((d, o) => {
    const b = box[o]!;
    const bw = b[2]! - b[0]! + 1, bh = b[3]! - b[1]! + 1;
    if (d.total === 0 || b[4]! < 0.3 * d.total || bw < 4 || bh < 4) return;
    objects.push({ label: d.label, bbox: [b[0]!, b[1]!, bw, bh], area: b[4]! });
  });
  // BGR, as everything else holds images: the colours were drawn in that order already.
  return { img: { h, w, c: 3, data }, objects };
}

function writeAtomic(file: string, data: Uint8Array | string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    throw new YolocError('YC7102', `cannot write: ${(e as Error).message}`, file);
  }
}

/** Writes the dataset; returns the number of images and boxes per split. */
export function synthDataset(opts: SynthOptions): Record<'train' | 'val', { images: number; boxes: number }> {
  const K = opts.classes ?? 5, S = opts.size ?? 320, seed = opts.seed ?? 0;
  if (!Number.isInteger(K) || K < 1 || K > SHAPE_CLASSES.length) throw new YolocError('YC7307', `--classes must be 1..${SHAPE_CLASSES.length}`);
  if (!Number.isInteger(S) || S < 32 || S > 4096) throw new YolocError('YC7307', '--size must be an integer in 32..4096');
  const summary = { train: { images: 0, boxes: 0 }, val: { images: 0, boxes: 0 } };
  mkdirSync(path.join(opts.out, 'annotations'), { recursive: true });
  const categories = SHAPE_CLASSES.slice(0, K).map((name, i) => ({ id: i + 1, name, supercategory: 'shape' }));
  (['train', 'val'] as const).forEach((split, si) => {
    const count = split === 'train' ? opts.train : opts.val;
    mkdirSync(path.join(opts.out, split), { recursive: true });
    const images: Record<string, unknown>[] = [];
    const annotations: Record<string, unknown>[] = [];
    for (let i = 0; i < count; i++) {
      const rng = new Rng(seed, si, i);
      const short = rng.random() < 0.5 ? S : Math.round(S * rng.uniform(0.6, 0.95));
      const [w, h] = rng.random() < 0.5 ? [S, short] : [short, S];
      const { img, objects } = renderScene(rng, w, h, K);
      const jpeg = i % 3 === 2;
      const name = `${split}_${String(i).padStart(6, '0')}.${jpeg ? 'jpg' : 'png'}`;
      writeAtomic(path.join(opts.out, split, name), jpeg ? encodeJpeg(img, 92) : encodePng(img));
      images.push({ id: i + 1, file_name: name, width: w, height: h });
      for (const o of objects) {
        annotations.push({ id: annotations.length + 1, image_id: i + 1, category_id: o.label + 1, bbox: o.bbox, area: o.area, iscrowd: 0 });
      }
    }
    writeAtomic(path.join(opts.out, 'annotations', `instances_${split}.json`), JSON.stringify({ images, annotations, categories }));
    summary[split] = { images: count, boxes: annotations.length };
  });
  return summary;
}
