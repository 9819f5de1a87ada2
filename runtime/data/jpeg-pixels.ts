/**
 * The pixel half of the JPEG decoder, after libjpeg-turbo: the accurate integer IDCT
 * (jidctint.c "islow", with its post-IDCT range limit), fancy (triangle) upsampling of 2x1 and
 * 2x2 subsampled chroma (jdsample.c) and the 16-bit fixed-point YCbCr -> RGB tables (jdcolor.c).
 */
import type { Image } from './image.js';

/** One decoded component: its samples, `bw * 8` per row, MCU-padded. */
export interface Plane { bw: number; data: Uint8Array }

// jidctint.c constants (CONST_BITS 13)
const F0298 = 2446, F0390 = 3196, F0541 = 4433, F0765 = 6270, F0899 = 7373, F1175 = 9633, F1501 = 12299,
  F1847 = 15137, F1961 = 16069, F2053 = 16819, F2562 = 20995, F3072 = 25172;

const clampIdct = (x: number) => { const v = ((x + 512) & 1023) - 512 + 128; return v < 0 ? 0 : v > 255 ? 255 : v; };

/** jpeg_idct_islow on one dequantised block (natural order), written into out at `at`. */
export function idctIslow(c: Int32Array, out: Uint8Array, stride: number, at: number, ws: Int32Array): void {
  for (let col = 0; col < 8; col++) {
    const c0 = c[col]!, c1 = c[8 + col]!, c2 = c[16 + col]!, c3 = c[24 + col]!, c4 = c[32 + col]!, c5 = c[40 + col]!, c6 = c[48 + col]!, c7 = c[56 + col]!;
    if ((c1 | c2 | c3 | c4 | c5 | c6 | c7) === 0) {
      const dc = c0 * 4;
      for (let k = 0; k < 64; k += 8) ws[k + col] = dc;
      continue;
    }
    let z1 = (c2 + c6) * F0541;
    const t2 = z1 - c6 * F1847, t3 = z1 + c2 * F0765;
    const t0 = (c0 + c4) * 8192, t1 = (c0 - c4) * 8192;
    const t10 = t0 + t3, t13 = t0 - t3, t11 = t1 + t2, t12 = t1 - t2;
    let o0 = c7, o1 = c5, o2 = c3, o3 = c1;
    z1 = o0 + o3; let z2 = o1 + o2, z3 = o0 + o2, z4 = o1 + o3;
    const z5 = (z3 + z4) * F1175;
    o0 *= F0298; o1 *= F2053; o2 *= F3072; o3 *= F1501;
    z1 *= -F0899; z2 *= -F2562; z3 = z3 * -F1961 + z5; z4 = z4 * -F0390 + z5;
    o0 += z1 + z3; o1 += z2 + z4; o2 += z2 + z3; o3 += z1 + z4;
    // DESCALE(x, 11), by division: products of extreme coefficients exceed int32
    ws[col] = Math.floor((t10 + o3 + 1024) / 2048); ws[56 + col] = Math.floor((t10 - o3 + 1024) / 2048);
    ws[8 + col] = Math.floor((t11 + o2 + 1024) / 2048); ws[48 + col] = Math.floor((t11 - o2 + 1024) / 2048);
    ws[16 + col] = Math.floor((t12 + o1 + 1024) / 2048); ws[40 + col] = Math.floor((t12 - o1 + 1024) / 2048);
    ws[24 + col] = Math.floor((t13 + o0 + 1024) / 2048); ws[32 + col] = Math.floor((t13 - o0 + 1024) / 2048);
  }
  for (let row = 0; row < 64; row += 8) {
    const w0 = ws[row]!, w1 = ws[row + 1]!, w2 = ws[row + 2]!, w3 = ws[row + 3]!, w4 = ws[row + 4]!, w5 = ws[row + 5]!, w6 = ws[row + 6]!, w7 = ws[row + 7]!;
    const o = at + (row >> 3) * stride;
    if ((w1 | w2 | w3 | w4 | w5 | w6 | w7) === 0) {
      const v = clampIdct((w0 + 16) >> 5);
      for (let k = 0; k < 8; k++) out[o + k] = v;
      continue;
    }
    let z1 = (w2 + w6) * F0541;
    const t2 = z1 - w6 * F1847, t3 = z1 + w2 * F0765;
    const t0 = (w0 + w4) * 8192, t1 = (w0 - w4) * 8192;
    const t10 = t0 + t3, t13 = t0 - t3, t11 = t1 + t2, t12 = t1 - t2;
    let o0 = w7, o1 = w5, o2 = w3, o3 = w1;
    z1 = o0 + o3; let z2 = o1 + o2, z3 = o0 + o2, z4 = o1 + o3;
    const z5 = (z3 + z4) * F1175;
    o0 *= F0298; o1 *= F2053; o2 *= F3072; o3 *= F1501;
    z1 *= -F0899; z2 *= -F2562; z3 = z3 * -F1961 + z5; z4 = z4 * -F0390 + z5;
    o0 += z1 + z3; o1 += z2 + z4; o2 += z2 + z3; o3 += z1 + z4;
    // DESCALE by CONST_BITS + PASS1_BITS + 3 = 18, then the post-IDCT range limit
    out[o] = clampIdct(Math.floor((t10 + o3 + 131072) / 262144)); out[o + 7] = clampIdct(Math.floor((t10 - o3 + 131072) / 262144));
    out[o + 1] = clampIdct(Math.floor((t11 + o2 + 131072) / 262144)); out[o + 6] = clampIdct(Math.floor((t11 - o2 + 131072) / 262144));
    out[o + 2] = clampIdct(Math.floor((t12 + o1 + 131072) / 262144)); out[o + 5] = clampIdct(Math.floor((t12 - o1 + 131072) / 262144));
    out[o + 3] = clampIdct(Math.floor((t13 + o0 + 131072) / 262144)); out[o + 4] = clampIdct(Math.floor((t13 - o0 + 131072) / 262144));
  }
}

/** jdsample.c fancy upsampling of one chroma plane to full size (h2v1 or h2v2), edges replicated. */
function upsample(c: Plane, W: number, H: number, fh: number, fv: number): Uint8Array {
  const cw = Math.ceil(W / fh), ch = Math.ceil(H / fv), stride = c.bw * 8;
  const ow = cw * fh, out = new Uint8Array(ow * ch * fv);
  const px = (x: number, y: number) => c.data[y * stride + x]!;
  for (let y = 0; y < ch; y++) {
    for (let v = 0; v < fv; v++) {
      const o = (y * fv + v) * ow;
      const near = y, far = fv === 2 ? Math.min(Math.max(v === 0 ? y - 1 : y + 1, 0), ch - 1) : y;
      if (fh === 1) { for (let x = 0; x < cw; x++) out[o + x] = px(x, y); continue; }
      if (fv === 1) {
        if (cw === 1) { out[o] = out[o + 1] = px(0, y); continue; }
        out[o] = px(0, y);
        out[o + 1] = (px(0, y) * 3 + px(1, y) + 2) >> 2;
        for (let x = 1; x < cw - 1; x++) {
          const iv = px(x, y) * 3;
          out[o + 2 * x] = (iv + px(x - 1, y) + 1) >> 2;
          out[o + 2 * x + 1] = (iv + px(x + 1, y) + 2) >> 2;
        }
        out[o + 2 * cw - 2] = (px(cw - 1, y) * 3 + px(cw - 2, y) + 1) >> 2;
        out[o + 2 * cw - 1] = px(cw - 1, y);
        continue;
      }
      const col = (x: number) => px(x, near) * 3 + px(x, far);
      if (cw === 1) { const s = col(0); out[o] = (s * 4 + 8) >> 4; out[o + 1] = (s * 4 + 7) >> 4; continue; }
      let last = col(0), cur = col(0), next = col(1);
      out[o] = (cur * 4 + 8) >> 4;
      out[o + 1] = (cur * 3 + next + 7) >> 4;
      last = cur; cur = next;
      for (let x = 1; x < cw - 1; x++) {
        next = col(x + 1);
        out[o + 2 * x] = (cur * 3 + last + 8) >> 4;
        out[o + 2 * x + 1] = (cur * 3 + next + 7) >> 4;
        last = cur; cur = next;
      }
      out[o + 2 * cw - 2] = (cur * 3 + last + 8) >> 4;
      out[o + 2 * cw - 1] = (cur * 4 + 7) >> 4;
    }
  }
  return out;
}

const clamp255 = (x: number) => (x < 0 ? 0 : x > 255 ? 255 : x);
const FIX = (x: number) => Math.floor(x * 65536 + 0.5);
const CR_R = new Int32Array(256), CB_B = new Int32Array(256), CR_G = new Int32Array(256), CB_G = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  const x = i - 128;
  CR_R[i] = (FIX(1.402) * x + 32768) >> 16;
  CB_B[i] = (FIX(1.772) * x + 32768) >> 16;
  CR_G[i] = -FIX(0.71414) * x;
  CB_G[i] = -FIX(0.34414) * x + 32768;
}

/** Component planes (Y, or Y Cb Cr) to HWC BGR: chroma upsampled, jdcolor.c's fixed-point tables. */
export function toBgr(comps: Plane[], W: number, H: number, hmax: number, vmax: number): Image {
  const out = new Uint8Array(W * H * 3);
  const y = comps[0]!, ys = y.bw * 8;
  if (comps.length === 1) {
    for (let r = 0; r < H; r++) for (let x = 0; x < W; x++) out[(r * W + x) * 3] = out[(r * W + x) * 3 + 1] = out[(r * W + x) * 3 + 2] = y.data[r * ys + x]!;
    return { h: H, w: W, c: 3, data: out };
  }
  const cb = upsample(comps[1]!, W, H, hmax, vmax), cr = upsample(comps[2]!, W, H, hmax, vmax);
  const cs = Math.ceil(W / hmax) * hmax;
  for (let r = 0; r < H; r++) for (let x = 0; x < W; x++) {
    const Y = y.data[r * ys + x]!, b = cb[r * cs + x]!, rr = cr[r * cs + x]!;
    const o = (r * W + x) * 3;
    out[o] = clamp255(Y + CB_B[b]!);
    out[o + 1] = clamp255(Y + ((CB_G[b]! + CR_G[rr]!) >> 16));
    out[o + 2] = clamp255(Y + CR_R[rr]!);
  }
  return { h: H, w: W, c: 3, data: out };
}
