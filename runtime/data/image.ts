/**
 * Images as mmcv holds them: HWC uint8, BGR channel order. Decoding (PNG through a fast path
 * or pngjs; JPEG through jpeg.ts, equal to cv2.imread's libjpeg-turbo, with jpeg-js only for
 * CMYK, arithmetic-coded or 12-bit files) and the geometric kernels the transforms
 * need, written after OpenCV's uint8 paths (11-bit bilinear weights with its SIMD vertical
 * pass, area averaging, warp on a 1/32-pixel grid with 15-bit weights). Measured against
 * OpenCV 4.6 (tests/data/cv2-parity.test.ts): bilinear resize, warp and integer-ratio area
 * resize are identical.
 */
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { YolocError, fsReason } from '../errors.js';
import { decodePngFast } from './png.js';
import { decodeJpegExact } from './jpeg.js';

/** An HWC uint8 image; channels are BGR when c = 3. */
export interface Image {
  h: number;
  w: number;
  c: number;
  data: Uint8Array;
}

/** A blank image filled with one value per channel. */
export function fullImage(h: number, w: number, c: number, fill: number | number[]): Image {
  const data = new Uint8Array(h * w * c);
  const vals = Array.isArray(fill) ? fill : new Array<number>(c).fill(fill);
  if (vals.every((v) => v === vals[0])) data.fill(vals[0]!);
  else for (let i = 0; i < h * w; i++) for (let k = 0; k < c; k++) data[i * c + k] = vals[k]!;
  return { h, w, c, data };
}

/** Decodes PNG or JPEG bytes (by magic) to HWC BGR, as mmcv.imfrombytes(flag='color'). */
export function decodeImage(bytes: Uint8Array, file: string): Image {
  const isPng = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  let w: number, h: number, rgba: Uint8Array;
  try {
    if (isPng) {
      const fast = decodePngFast(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      if (fast) return fast;
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      ({ width: w, height: h } = png);
      rgba = png.data;
    } else if (isJpeg) {
      const exact = decodeJpegExact(bytes);
      if (exact) return exact;
      const j = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
      ({ width: w, height: h } = j);
      rgba = j.data;
    } else {
      throw new YolocError('YC7310', 'not a PNG or JPEG image (unknown magic bytes)', file);
    }
  } catch (e) {
    if (e instanceof YolocError) throw e;
    throw new YolocError('YC7310', `cannot decode image: ${(e as Error).message}`, file);
  }
  if (!w || !h || rgba.length < w * h * 4) throw new YolocError('YC7310', 'image decodes to no pixels', file);
  const data = new Uint8Array(w * h * 3);
  for (let i = 0, j = 0; i < w * h; i++, j += 4) {
    data[i * 3] = rgba[j + 2]!;
    data[i * 3 + 1] = rgba[j + 1]!;
    data[i * 3 + 2] = rgba[j]!;
  }
  return { h, w, c: 3, data };
}

/** Reads and decodes an image file; a missing or unreadable file is a YC7310 naming it. */
export function readImage(file: string): Image {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new YolocError('YC7310', `cannot read image: ${fsReason(e)}`, file);
  }
  return decodeImage(bytes, file);
}

function toRgba(img: Image): Buffer {
  const out = Buffer.alloc(img.w * img.h * 4);
  for (let i = 0; i < img.w * img.h; i++) {
    const s = i * img.c;
    out[i * 4] = img.data[s + (img.c === 3 ? 2 : 0)]!;
    out[i * 4 + 1] = img.data[s + (img.c === 3 ? 1 : 0)]!;
    out[i * 4 + 2] = img.data[s]!;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** Encodes a BGR image as PNG bytes. */
export function encodePng(img: Image): Buffer {
  const png = new PNG({ width: img.w, height: img.h });
  png.data = toRgba(img);
  // one filter for every row: pngjs's adaptive choice tries all five and costs 3x the time
  return PNG.sync.write(png, { colorType: 2, filterType: 4 });
}

/** Encodes a BGR image as JPEG bytes. */
export function encodeJpeg(img: Image, quality = 90): Buffer {
  return jpeg.encode({ width: img.w, height: img.h, data: toRgba(img) }, quality).data;
}

const COEF = 2048; // cv2 INTER_RESIZE_COEF_SCALE

/** cvRound: nearest, ties to even. */
function roundEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

// cv2 zeroes the weight of an out-of-range neighbour along x, but along y only clamps the row index
function linearTable(src: number, dst: number, clampWeight: boolean): { i0: Int32Array; i1: Int32Array; a0: Int32Array; a1: Int32Array } {
  const scale = 1 / (dst / src); // cv2: scale_x = 1. / inv_scale_x
  const f32 = Math.fround;
  const i0 = new Int32Array(dst), i1 = new Int32Array(dst), a0 = new Int32Array(dst), a1 = new Int32Array(dst);
  for (let d = 0; d < dst; d++) {
    // cv2: fx in float32, then 1-fx and fx rounded to 11-bit shorts separately
    let f = f32((d + 0.5) * scale - 0.5);
    let s = Math.floor(f);
    f = f32(f - s);
    if (clampWeight && s < 0) { s = 0; f = 0; }
    if (clampWeight && s >= src - 1) { s = src - 1; f = 0; }
    i0[d] = Math.min(Math.max(s, 0), src - 1);
    i1[d] = Math.min(Math.max(s + 1, 0), src - 1);
    a0[d] = roundEven(f32(f32(1 - f) * COEF));
    a1[d] = roundEven(f32(f * COEF));
  }
  return { i0, i1, a0, a1 };
}

function resizeLinear(img: Image, w: number, h: number): Image {
  const { c } = img;
  const xs = linearTable(img.w, w, true);
  const ys = linearTable(img.h, h, false);
  const out = new Uint8Array(w * h * c);
  const row0 = new Int32Array(w * c), row1 = new Int32Array(w * c);
  const hrow = (y: number, dst: Int32Array) => {
    const base = y * img.w * c;
    for (let x = 0; x < w; x++) {
      const p0 = base + xs.i0[x]! * c, p1 = base + xs.i1[x]! * c, b0 = xs.a0[x]!, b1 = xs.a1[x]!;
      for (let k = 0; k < c; k++) dst[x * c + k] = img.data[p0 + k]! * b0 + img.data[p1 + k]! * b1;
    }
  };
  for (let y = 0; y < h; y++) {
    hrow(ys.i0[y]!, row0);
    hrow(ys.i1[y]!, row1);
    const b0 = ys.a0[y]!, b1 = ys.a1[y]!;
    const o = y * w * c;
    // cv2's SIMD vertical pass (VResizeLinearVec_32s8u): 16-bit high multiplies, then (+2) >> 2
    for (let i = 0; i < w * c; i++) {
      const v = ((((row0[i]! >> 4) * b0) >> 16) + (((row1[i]! >> 4) * b1) >> 16) + 2) >> 2;
      out[o + i] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return { h, w, c, data: out };
}

function areaTable(src: number, dst: number): { idx: number[]; wt: number[] }[] {
  const scale = src / dst;
  const out: { idx: number[]; wt: number[] }[] = [];
  for (let d = 0; d < dst; d++) {
    const f0 = d * scale, f1 = Math.min(src, f0 + scale);
    const idx: number[] = [], wt: number[] = [];
    for (let s = Math.floor(f0); s < Math.ceil(f1 - 1e-9); s++) {
      const wgt = Math.min(f1, s + 1) - Math.max(f0, s);
      if (wgt > 1e-9) { idx.push(s); wt.push(wgt / (f1 - f0)); }
    }
    out.push({ idx, wt });
  }
  return out;
}

function resizeArea(img: Image, w: number, h: number): Image {
  const { c } = img;
  const xs = areaTable(img.w, w), ys = areaTable(img.h, h);
  const tmp = new Float32Array(img.h * w * c);
  for (let y = 0; y < img.h; y++) {
    for (let x = 0; x < w; x++) {
      const { idx, wt } = xs[x]!;
      for (let k = 0; k < c; k++) {
        let s = 0;
        for (let t = 0; t < idx.length; t++) s += img.data[(y * img.w + idx[t]!) * c + k]! * wt[t]!;
        tmp[(y * w + x) * c + k] = s;
      }
    }
  }
  const out = new Uint8Array(w * h * c);
  for (let y = 0; y < h; y++) {
    const { idx, wt } = ys[y]!;
    for (let i = 0; i < w * c; i++) {
      let s = 0;
      for (let t = 0; t < idx.length; t++) s += tmp[idx[t]! * w * c + i]! * wt[t]!;
      out[y * w * c + i] = Math.min(255, Math.max(0, Math.round(s)));
    }
  }
  return { h, w, c, data: out };
}

/** Resizes to (w, h) like mmcv.imresize: 'bilinear' (cv2 INTER_LINEAR) or 'area' (INTER_AREA). */
export function resizeImage(img: Image, w: number, h: number, interpolation: 'bilinear' | 'area' = 'bilinear'): Image {
  if (w <= 0 || h <= 0) throw new YolocError('YC7320', `cannot resize an image to ${w}x${h}`);
  if (w === img.w && h === img.h) return { ...img, data: img.data.slice() };
  // cv2's INTER_AREA enlarging is its own scheme; YOLOv5KeepRatioResize only uses 'area' to shrink
  if (interpolation === 'area' && w <= img.w && h <= img.h) return resizeArea(img, w, h);
  return resizeLinear(img, w, h);
}

/** Pads with a constant (mmcv.impad): left, top, right, bottom in pixels. */
export function padImage(img: Image, left: number, top: number, right: number, bottom: number, value: number | number[]): Image {
  const w = img.w + left + right, h = img.h + top + bottom;
  const out = fullImage(h, w, img.c, value);
  pasteImage(out, img, left, top, 0, 0, img.w, img.h);
  return out;
}

/** Copies src[sy:sy+hh, sx:sx+ww] into dst at (dx, dy), as a numpy slice assignment. */
export function pasteImage(dst: Image, src: Image, dx: number, dy: number, sx: number, sy: number, ww: number, hh: number): void {
  const c = src.c;
  for (let y = 0; y < hh; y++) {
    const s = ((sy + y) * src.w + sx) * c;
    dst.data.set(src.data.subarray(s, s + ww * c), ((dy + y) * dst.w + dx) * c);
  }
}

/** Mirrors an image left-right. */
export function flipImage(img: Image): Image {
  const out = new Uint8Array(img.data.length);
  const { w, h, c } = img;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const s = (y * w + x) * c, d = (y * w + (w - 1 - x)) * c;
      for (let k = 0; k < c; k++) out[d + k] = img.data[s + k]!;
    }
  }
  return { ...img, data: out };
}

/**
 * cv2.warpAffine(img, M, (w, h), INTER_LINEAR, BORDER_CONSTANT): M maps source to
 * destination; each output pixel samples the inverse map, with cv2's 1/32-pixel grid and
 * 15-bit weights; neighbours outside the source read the border value.
 */
export function warpAffine(img: Image, m: number[], w: number, h: number, border: number[]): Image {
  const [a, b, tx, c2, d, ty] = m as [number, number, number, number, number, number];
  const det = a * d - b * c2;
  if (Math.abs(det) < 1e-12) throw new YolocError('YC7320', 'affine matrix is singular');
  const ia = d / det, ib = -b / det, ic = -c2 / det, id = a / det;
  const itx = -(ia * tx + ib * ty), ity = -(ic * tx + id * ty);
  const { c } = img;
  const out = new Uint8Array(w * h * c);
  const px = (x: number, y: number, k: number) => (x >= 0 && y >= 0 && x < img.w && y < img.h ? img.data[(y * img.w + x) * c + k]! : border[k]!);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const X = Math.round((ia * x + ib * y + itx) * 32);
      const Y = Math.round((ic * x + id * y + ity) * 32);
      const x0 = X >> 5, y0 = Y >> 5;
      const fx = (X & 31) / 32, fy = (Y & 31) / 32;
      const o = (y * w + x) * c;
      if (x0 < -1 || y0 < -1 || x0 >= img.w || y0 >= img.h) {
        for (let k = 0; k < c; k++) out[o + k] = border[k]!;
        continue;
      }
      const w00 = Math.round((1 - fx) * (1 - fy) * 32768), w01 = Math.round(fx * (1 - fy) * 32768);
      const w10 = Math.round((1 - fx) * fy * 32768), w11 = 32768 - w00 - w01 - w10;
      if (x0 >= 0 && y0 >= 0 && x0 + 1 < img.w && y0 + 1 < img.h) {
        // interior: all four neighbours inside, no border checks
        const p0 = (y0 * img.w + x0) * c, p1 = p0 + img.w * c, d = img.data;
        for (let k = 0; k < c; k++) {
          const v = d[p0 + k]! * w00 + d[p0 + c + k]! * w01 + d[p1 + k]! * w10 + d[p1 + c + k]! * w11;
          out[o + k] = (v + (1 << 14)) >> 15;
        }
        continue;
      }
      for (let k = 0; k < c; k++) {
        const v = px(x0, y0, k) * w00 + px(x0 + 1, y0, k) * w01 + px(x0, y0 + 1, k) * w10 + px(x0 + 1, y0 + 1, k) * w11;
        out[o + k] = Math.min(255, Math.max(0, (v + (1 << 14)) >> 15));
      }
    }
  }
  return { h, w, c, data: out };
}
