/**
 * Colour kernels after OpenCV's uint8 paths: BGR<->HSV (H in [0, 180)), RGB2GRAY fixed-point
 * weights, box and median blur, CLAHE. Albumentations sees mmcv's BGR image as if it were RGB,
 * so ToGray weighs channel 0 by 0.299: kept here on purpose, as MMDetection's Albu does it.
 */
import type { Image } from './image.js';

/** cv2.cvtColor(BGR2HSV) for uint8: H in [0,180], S and V in [0,255]. */
export function bgrToHsv(img: Image): Uint8Array {
  const n = img.w * img.h;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const b = img.data[i * 3]!, g = img.data[i * 3 + 1]!, r = img.data[i * 3 + 2]!;
    const v = Math.max(b, g, r), mn = Math.min(b, g, r), diff = v - mn;
    const s = v === 0 ? 0 : Math.round((255 * diff) / v);
    let h = 0;
    if (diff !== 0) {
      if (v === r) h = ((g - b) * 60) / diff;
      else if (v === g) h = 120 + ((b - r) * 60) / diff;
      else h = 240 + ((r - g) * 60) / diff;
      if (h < 0) h += 360;
    }
    out[i * 3] = Math.round(h / 2) % 181;
    out[i * 3 + 1] = s;
    out[i * 3 + 2] = v;
  }
  return out;
}

const SECTORS = [[1, 3, 0], [1, 0, 2], [3, 0, 1], [0, 2, 1], [0, 1, 3], [2, 1, 0]];

/** cv2.cvtColor(HSV2BGR) for uint8 input with H in [0,180). */
export function hsvToBgr(hsv: Uint8Array, h: number, w: number): Image {
  const n = w * h;
  const data = new Uint8Array(n * 3);
  const tab = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    let hh = hsv[i * 3]! * (6 / 180);
    const s = hsv[i * 3 + 1]! / 255, v = hsv[i * 3 + 2]! / 255;
    let b = v, g = v, r = v;
    if (s !== 0) {
      while (hh >= 6) hh -= 6;
      let sector = Math.floor(hh);
      hh -= sector;
      if (sector < 0 || sector >= 6) { sector = 0; hh = 0; }
      tab[0] = v; tab[1] = v * (1 - s); tab[2] = v * (1 - s * hh); tab[3] = v * (1 - s * (1 - hh));
      const sd = SECTORS[sector]!;
      b = tab[sd[0]!]!; g = tab[sd[1]!]!; r = tab[sd[2]!]!;
    }
    data[i * 3] = Math.round(b * 255); data[i * 3 + 1] = Math.round(g * 255); data[i * 3 + 2] = Math.round(r * 255);
  }
  return { h, w, c: 3, data };
}

/** cv2 RGB2GRAY fixed-point weights applied to channels 0,1,2 (see the module note). */
export function grayOf(img: Image): Uint8Array {
  const n = img.w * img.h;
  const g = new Uint8Array(n);
  for (let i = 0; i < n; i++) g[i] = (img.data[i * 3]! * 4899 + img.data[i * 3 + 1]! * 9617 + img.data[i * 3 + 2]! * 1868 + 8192) >> 14;
  return g;
}

function reflect101(i: number, n: number): number {
  if (n === 1) return 0;
  while (i < 0 || i >= n) i = i < 0 ? -i : 2 * n - 2 - i;
  return i;
}

/** cv2.blur with a k x k box (BORDER_REFLECT_101), rounded. */
export function boxBlur(img: Image, k: number): Image {
  const { w, h, c } = img;
  const r = k >> 1;
  const tmp = new Float64Array(w * h * c);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let ch = 0; ch < c; ch++) {
    let s = 0;
    for (let d = -r; d <= r; d++) s += img.data[(y * w + reflect101(x + d, w)) * c + ch]!;
    tmp[(y * w + x) * c + ch] = s;
  }
  const out = new Uint8Array(w * h * c);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let ch = 0; ch < c; ch++) {
    let s = 0;
    for (let d = -r; d <= r; d++) s += tmp[(reflect101(y + d, h) * w + x) * c + ch]!;
    out[(y * w + x) * c + ch] = Math.round(s / (k * k));
  }
  return { ...img, data: out };
}

/** cv2.medianBlur with an odd k (border replicated). */
export function medianBlur(img: Image, k: number): Image {
  const { w, h, c } = img;
  const r = k >> 1;
  const out = new Uint8Array(w * h * c);
  const hist = new Int32Array(256);
  const half = (k * k) >> 1;
  for (let ch = 0; ch < c; ch++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    hist.fill(0);
    for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) {
      const yy = Math.min(h - 1, Math.max(0, y + dy)), xx = Math.min(w - 1, Math.max(0, x + dx));
      hist[img.data[(yy * w + xx) * c + ch]!]!++;
    }
    let acc = 0, v = 0;
    for (; v < 256; v++) { acc += hist[v]!; if (acc > half) break; }
    out[(y * w + x) * c + ch] = v;
  }
  return { ...img, data: out };
}

/** CLAHE on one uint8 plane (tiles gx x gy, clip limit as cv2: relative to tile area / 256). */
export function clahePlane(p: Uint8Array, w: number, h: number, clip: number, gx = 8, gy = 8): Uint8Array {
  const tw = Math.ceil(w / gx), th = Math.ceil(h / gy);
  const luts: Uint8Array[] = [];
  for (let ty = 0; ty < gy; ty++) for (let tx = 0; tx < gx; tx++) {
    const hist = new Int32Array(256);
    let area = 0;
    for (let y = ty * th; y < Math.min(h, (ty + 1) * th); y++) for (let x = tx * tw; x < Math.min(w, (tx + 1) * tw); x++) { hist[p[y * w + x]!]!++; area++; }
    const lut = new Uint8Array(256);
    if (area > 0) {
      const limit = Math.max(1, Math.floor((clip * area) / 256));
      let excess = 0;
      for (let i = 0; i < 256; i++) if (hist[i]! > limit) { excess += hist[i]! - limit; hist[i] = limit; }
      const add = Math.floor(excess / 256), rest = excess - add * 256;
      for (let i = 0; i < 256; i++) hist[i]! += add + (i < rest ? 1 : 0);
      let sum = 0;
      for (let i = 0; i < 256; i++) { sum += hist[i]!; lut[i] = Math.min(255, Math.round((sum * 255) / area)); }
    }
    luts.push(lut);
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const fy = (y + 0.5) / th - 0.5;
    const y0 = Math.max(0, Math.floor(fy)), y1 = Math.min(gy - 1, Math.floor(fy) + 1), ay = Math.min(1, Math.max(0, fy - Math.floor(fy)));
    for (let x = 0; x < w; x++) {
      const fx = (x + 0.5) / tw - 0.5;
      const x0 = Math.max(0, Math.floor(fx)), x1 = Math.min(gx - 1, Math.floor(fx) + 1), ax = Math.min(1, Math.max(0, fx - Math.floor(fx)));
      const v = p[y * w + x]!;
      const top = luts[y0 * gx + x0]![v]! * (1 - ax) + luts[y0 * gx + x1]![v]! * ax;
      const bot = luts[y1 * gx + x0]![v]! * (1 - ax) + luts[y1 * gx + x1]![v]! * ax;
      out[y * w + x] = Math.round(top * (1 - ay) + bot * ay);
    }
  }
  return out;
}
