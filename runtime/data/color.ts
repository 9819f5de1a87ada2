/**
 * Colour kernels after OpenCV's uint8 paths: BGR<->HSV (H in [0, 180)), RGB2GRAY fixed-point
 * weights, box and median blur, CLAHE. Albumentations sees mmcv's BGR image as if it were RGB,
 * so ToGray weighs channel 0 by 0.299: kept here on purpose, as MMDetection's Albu does it.
 */
import type { Image } from './image.js';

const SHIFT = 12;
const SDIV = Array.from({ length: 256 }, (_, i) => (i ? Math.round((255 << SHIFT) / i) : 0));
const HDIV = Array.from({ length: 256 }, (_, i) => (i ? Math.round((180 << SHIFT) / (6 * i)) : 0));

/** cv2.cvtColor(BGR2HSV) for uint8, with its 12-bit fixed-point tables: H in [0,180). */
export function bgrToHsv(img: Image): Uint8Array {
  const n = img.w * img.h;
  const out = new Uint8Array(n * 3);
  const half = 1 << (SHIFT - 1);
  for (let i = 0; i < n; i++) {
    const b = img.data[i * 3]!, g = img.data[i * 3 + 1]!, r = img.data[i * 3 + 2]!;
    const v = Math.max(b, g, r), diff = v - Math.min(b, g, r);
    const s = (diff * SDIV[v]! + half) >> SHIFT;
    let h = v === r ? g - b : v === g ? b - r + 2 * diff : r - g + 4 * diff;
    h = (h * HDIV[diff]! + half) >> SHIFT;
    if (h < 0) h += 180;
    out[i * 3] = h;
    out[i * 3 + 1] = s;
    out[i * 3 + 2] = v;
  }
  return out;
}

const SECTORS = [[1, 3, 0], [1, 0, 2], [3, 0, 1], [0, 2, 1], [0, 1, 3], [2, 1, 0]];

/**
 * cv2.cvtColor(HSV2BGR) for uint8 input with H in [0,180), float32 arithmetic. OpenCV 4.6
 * (AVX2) converts each row in blocks of 32 pixels whose store truncates, and the row's tail of
 * under 32 pixels on its scalar path, which rounds: measured, and kept, pixel for pixel.
 */
export function hsvToBgr(hsv: Uint8Array, h: number, w: number): Image {
  const n = w * h;
  const data = new Uint8Array(n * 3);
  const f = Math.fround;
  const hscale = f(6 / 180), inv = f(1 / 255);
  const tab = [0, 0, 0, 0];
  const simdEnd = Math.floor(w / 32) * 32;
  for (let i = 0; i < n; i++) {
    let hh = f(hsv[i * 3]! * hscale);
    const s = f(hsv[i * 3 + 1]! * inv), v = f(hsv[i * 3 + 2]! * inv);
    const sector = Math.trunc(hh) % 6;
    hh = f(hh - Math.trunc(hh));
    tab[0] = v; tab[1] = f(v * f(1 - s)); tab[2] = f(v * f(1 - f(s * hh))); tab[3] = f(v * f(1 - f(s * f(1 - hh))));
    const sd = SECTORS[sector]!;
    const store = i % w < simdEnd ? Math.trunc : Math.round;
    data[i * 3] = store(f(tab[sd[0]!]! * 255));
    data[i * 3 + 1] = store(f(tab[sd[1]!]! * 255));
    data[i * 3 + 2] = store(f(tab[sd[2]!]! * 255));
  }
  return { h, w, c: 3, data };
}

/** cv2 RGB2GRAY (its 15-bit fixed-point weights) applied to channels 0,1,2 (see the module note). */
export function grayOf(img: Image): Uint8Array {
  const n = img.w * img.h;
  const g = new Uint8Array(n);
  for (let i = 0; i < n; i++) g[i] = (img.data[i * 3]! * 9798 + img.data[i * 3 + 1]! * 19235 + img.data[i * 3 + 2]! * 3735 + 16384) >> 15;
  return g;
}

/** cvRound: nearest, ties to even. */
function roundEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
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

/** cv2.medianBlur with an odd k (border replicated), by a histogram sliding along each row. */
export function medianBlur(img: Image, k: number): Image {
  const { w, h, c } = img;
  const r = k >> 1;
  const out = new Uint8Array(w * h * c);
  const hist = new Int32Array(256);
  const half = (k * k) >> 1;
  const at = (x: number, y: number, ch: number) => img.data[(Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))) * c + ch]!;
  for (let ch = 0; ch < c; ch++) for (let y = 0; y < h; y++) {
    hist.fill(0);
    for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) hist[at(dx, y + dy, ch)]!++;
    for (let x = 0; x < w; x++) {
      if (x > 0) {
        for (let dy = -r; dy <= r; dy++) {
          hist[at(x - 1 - r, y + dy, ch)]!--;
          hist[at(x + r, y + dy, ch)]!++;
        }
      }
      let acc = 0, v = 0;
      for (; v < 256; v++) { acc += hist[v]!; if (acc > half) break; }
      out[(y * w + x) * c + ch] = v;
    }
  }
  return { ...img, data: out };
}

/**
 * cv2 CLAHE on one uint8 plane: the plane padded (reflect-101) past a multiple of the grid,
 * per-tile histograms clipped at max(int(clip * tileArea / 256), 1) with the excess spread
 * evenly and the residual stepped, LUT = saturate(cumsum * 255 / tileArea), and bilinear
 * blending between the four nearest tiles' LUTs at x / tileW - 0.5.
 */
export function clahePlane(p: Uint8Array, w: number, h: number, clip: number, gx = 8, gy = 8): Uint8Array {
  // cv2 pads both sides by (grid - size % grid) as soon as either is not a multiple (a full tile when it is)
  const exact = w % gx === 0 && h % gy === 0;
  const pw = exact ? w : w + gx - (w % gx), ph = exact ? h : h + gy - (h % gy);
  const tw = pw / gx, th = ph / gy, area = tw * th;
  const at = (x: number, y: number) => p[reflect101(y, h) * w + reflect101(x, w)]!;
  const limit = Math.max(1, Math.trunc((clip * area) / 256));
  const scale = Math.fround(255 / area);
  const luts: Uint8Array[] = [];
  for (let ty = 0; ty < gy; ty++) for (let tx = 0; tx < gx; tx++) {
    const hist = new Int32Array(256);
    for (let y = ty * th; y < (ty + 1) * th; y++) for (let x = tx * tw; x < (tx + 1) * tw; x++) hist[at(x, y)]!++;
    let clipped = 0;
    for (let i = 0; i < 256; i++) if (hist[i]! > limit) { clipped += hist[i]! - limit; hist[i] = limit; }
    const batch = Math.trunc(clipped / 256);
    let residual = clipped - batch * 256;
    for (let i = 0; i < 256; i++) hist[i]! += batch;
    if (residual) {
      const step = Math.max(Math.trunc(256 / residual), 1);
      for (let i = 0; i < 256 && residual > 0; i += step, residual--) hist[i]!++;
    }
    const lut = new Uint8Array(256);
    let sum = 0;
    for (let i = 0; i < 256; i++) { sum += hist[i]!; lut[i] = Math.min(255, roundEven(Math.fround(sum * scale))); }
    luts.push(lut);
  }
  const out = new Uint8Array(w * h);
  const itw = Math.fround(1 / tw), ith = Math.fround(1 / th);
  for (let y = 0; y < h; y++) {
    const fy = Math.fround(Math.fround(y * ith) - 0.5);
    const y1 = Math.floor(fy), ay = Math.fround(fy - y1), ay1 = Math.fround(1 - ay);
    const r1 = Math.max(y1, 0) * gx, r2 = Math.min(y1 + 1, gy - 1) * gx;
    for (let x = 0; x < w; x++) {
      const fx = Math.fround(Math.fround(x * itw) - 0.5);
      const x1 = Math.floor(fx), ax = Math.fround(fx - x1), ax1 = Math.fround(1 - ax);
      const c1 = Math.max(x1, 0), c2 = Math.min(x1 + 1, gx - 1);
      const v = p[y * w + x]!;
      const f = Math.fround;
      const top = f(f(luts[r1 + c1]![v]! * ax1) + f(luts[r1 + c2]![v]! * ax));
      const bot = f(f(luts[r2 + c1]![v]! * ax1) + f(luts[r2 + c2]![v]! * ax));
      out[y * w + x] = Math.min(255, roundEven(f(f(top * ay1) + f(bot * ay))));
    }
  }
  return out;
}
