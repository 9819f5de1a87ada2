/**
 * Draws detections onto an image (HWC, BGR as the data pipeline holds them): a box per
 * detection in its class colour, and a caption `name 0.87` on a filled strip above it.
 */
import type { Image } from '../data/image.js';
import type { Detections } from '../model/predict.js';
import { glyph } from './font.js';

// BGR colours, one per class (cycled).
const PALETTE: [number, number, number][] = [
  [60, 20, 220], [40, 160, 40], [220, 120, 20], [0, 170, 230], [180, 40, 160],
  [130, 130, 0], [0, 90, 200], [200, 60, 90], [80, 80, 80], [20, 200, 170],
];

function put(img: Image, x: number, y: number, c: readonly number[]): void {
  if (x < 0 || y < 0 || x >= img.w || y >= img.h) return;
  const i = (y * img.w + x) * img.c;
  for (let k = 0; k < img.c; k++) img.data[i + k] = c[k % c.length]!;
}

function fillRect(img: Image, x0: number, y0: number, x1: number, y1: number, c: readonly number[]): void {
  for (let y = Math.max(0, y0); y < Math.min(img.h, y1); y++) for (let x = Math.max(0, x0); x < Math.min(img.w, x1); x++) put(img, x, y, c);
}

function text(img: Image, x: number, y: number, s: string, c: readonly number[], scale: number): void {
  for (const ch of s) {
    const g = glyph(ch);
    for (let r = 0; r < 5; r++) for (let col = 0; col < 3; col++) {
      if ((g[r]! >> (2 - col)) & 1) fillRect(img, x + col * scale, y + r * scale, x + (col + 1) * scale, y + (r + 1) * scale, c);
    }
    x += 4 * scale;
  }
}

/** Returns a copy of `img` with the detections drawn; boxes are xyxy in its pixels. */
export function drawDetections(img: Image, det: Detections, classNames: readonly string[], opts: { scoreThr?: number } = {}): Image {
  const out: Image = { ...img, data: img.data.slice() };
  const thr = opts.scoreThr ?? 0.3;
  const scale = Math.max(1, Math.round(Math.min(img.w, img.h) / 320));
  const t = Math.max(1, scale);
  // lowest scores first, so the best boxes end on top
  const order = [...det.scores.keys()].filter((i) => det.scores[i]! >= thr).sort((a, b) => det.scores[a]! - det.scores[b]!);
  for (const i of order) {
    const [x1, y1, x2, y2] = [0, 1, 2, 3].map((k) => Math.round(det.bboxes[i * 4 + k]!)) as [number, number, number, number];
    const label = det.labels[i]!;
    const c = PALETTE[label % PALETTE.length]!;
    fillRect(out, x1, y1, x2 + 1, y1 + t, c);
    fillRect(out, x1, y2 - t + 1, x2 + 1, y2 + 1, c);
    fillRect(out, x1, y1, x1 + t, y2 + 1, c);
    fillRect(out, x2 - t + 1, y1, x2 + 1, y2 + 1, c);
    const caption = `${classNames[label] ?? String(label)} ${det.scores[i]!.toFixed(2)}`;
    const ch = 7 * scale;
    const cy = y1 - ch >= 0 ? y1 - ch : y1;
    fillRect(out, x1, cy, x1 + caption.length * 4 * scale + 2 * scale, cy + ch, c);
    text(out, x1 + scale, cy + scale, caption, [255, 255, 255], scale);
  }
  return out;
}
