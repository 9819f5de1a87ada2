/**
 * Baseline JPEG decoding as libjpeg-turbo does it under cv2.imread (IMREAD_COLOR): Huffman
 * decoding with restart intervals, the accurate integer IDCT (jidctint.c "islow"), fancy
 * (triangle) upsampling of 2x1 and 2x2 subsampled chroma (jdsample.c) and the 16-bit
 * fixed-point YCbCr -> RGB tables (jdcolor.c), so pixels equal OpenCV's. Progressive,
 * arithmetic-coded, 12-bit, CMYK and other sampling layouts return null: the caller falls
 * back to jpeg-js for those.
 */
import type { Image } from './image.js';

interface Component { id: number; h: number; v: number; tq: number; td: number; ta: number; bw: number; bh: number; data: Uint8Array; pred: number }
interface Huffman { look: Int32Array; maxcode: Int32Array; valptr: Int32Array; mincode: Int32Array; values: Uint8Array }

const LOOK = 9; // codes up to 9 bits decode with one table read (libjpeg's HUFF_LOOKAHEAD is 8)

const ZIGZAG = [0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63];

function buildHuffman(counts: Uint8Array, values: Uint8Array): Huffman {
  const maxcode = new Int32Array(18).fill(-1), valptr = new Int32Array(17), mincode = new Int32Array(17);
  let code = 0, k = 0;
  for (let l = 1; l <= 16; l++) {
    valptr[l] = k;
    mincode[l] = code;
    code += counts[l - 1]!;
    k += counts[l - 1]!;
    maxcode[l] = counts[l - 1] ? code - 1 : -1;
    code <<= 1;
  }
  maxcode[17] = 0x7fffffff;
  // look[prefix] = (length << 8) | value for every code of at most LOOK bits, 0 otherwise
  const look = new Int32Array(1 << LOOK);
  code = 0; k = 0;
  for (let l = 1; l <= LOOK; l++) {
    for (let i = 0; i < counts[l - 1]!; i++, k++, code++) {
      const pad = LOOK - l;
      for (let j = 0; j < 1 << pad; j++) look[(code << pad) | j] = (l << 8) | values[k]!;
    }
    code <<= 1;
  }
  return { look, maxcode, valptr, mincode, values };
}

class BitReader {
  private acc = 0;
  private bits = 0;
  /** Set once a marker is met: the rest of the segment reads as zeros, as libjpeg does. */
  marker = false;
  constructor(private readonly buf: Uint8Array, public pos: number) {}
  private fill(): void {
    while (this.bits <= 24) {
      let b = 0;
      if (!this.marker && this.pos < this.buf.length) {
        b = this.buf[this.pos]!;
        if (b === 0xff) {
          const n = this.buf[this.pos + 1];
          if (n === 0) this.pos += 2;
          else { this.marker = true; b = 0; }
        } else this.pos++;
      }
      this.acc = ((this.acc << 8) | b) >>> 0;
      this.bits += 8;
    }
  }
  bit(): number {
    if (this.bits === 0) this.fill();
    this.bits--;
    return (this.acc >>> this.bits) & 1;
  }
  get(n: number): number {
    if (n === 0) return 0;
    if (this.bits < n) this.fill();
    this.bits -= n;
    return (this.acc >>> this.bits) & ((1 << n) - 1);
  }
  decode(t: Huffman): number {
    if (this.bits < LOOK) this.fill();
    const hit = t.look[(this.acc >>> (this.bits - LOOK)) & ((1 << LOOK) - 1)]!;
    if (hit) {
      this.bits -= hit >> 8;
      return hit & 0xff;
    }
    let code = this.bit(), l = 1;
    while (code > t.maxcode[l]!) {
      code = (code << 1) | this.bit();
      if (++l > 16) throw new Error('corrupt Huffman code');
    }
    return t.values[t.valptr[l]! + code - t.mincode[l]!]!;
  }
  /** Drops buffered bits and skips an RSTn marker. */
  restart(): void {
    this.acc = 0; this.bits = 0; this.marker = false;
    while (this.pos + 1 < this.buf.length && !(this.buf[this.pos] === 0xff && this.buf[this.pos + 1]! >= 0xd0 && this.buf[this.pos + 1]! <= 0xd7)) this.pos++;
    this.pos += 2;
  }
}

const extend = (v: number, n: number) => (n && v < 1 << (n - 1) ? v - (1 << n) + 1 : v);

// jidctint.c constants (CONST_BITS 13)
const F0298 = 2446, F0390 = 3196, F0541 = 4433, F0765 = 6270, F0899 = 7373, F1175 = 9633, F1501 = 12299,
  F1847 = 15137, F1961 = 16069, F2053 = 16819, F2562 = 20995, F3072 = 25172;

const clampIdct = (x: number) => { const v = ((x + 512) & 1023) - 512 + 128; return v < 0 ? 0 : v > 255 ? 255 : v; };

/** jpeg_idct_islow on one dequantised block (natural order), written into out at `at`. */
function idctIslow(c: Int32Array, out: Uint8Array, stride: number, at: number, ws: Int32Array): void {
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

/** Decodes a baseline JPEG to HWC BGR as libjpeg-turbo + cv2 do, or null when not supported. */
export function decodeJpegExact(buf: Uint8Array): Image | null {
  const qt: Int32Array[] = [];
  const dc: Huffman[] = [], ac: Huffman[] = [];
  let comps: Component[] = [];
  let W = 0, H = 0, restart = 0, adobe = -1;
  let pos = 2;
  const u16 = (p: number) => (buf[p]! << 8) | buf[p + 1]!;
  for (;;) {
    while (pos < buf.length && buf[pos] !== 0xff) pos++;
    while (buf[pos] === 0xff) pos++;
    if (pos >= buf.length) throw new Error('no image data (truncated?)');
    const m = buf[pos++]!;
    if (m === 0xd8 || (m >= 0xd0 && m <= 0xd7) || m === 0x01) continue;
    if (m === 0xd9) throw new Error('end of image before the scan');
    const len = u16(pos);
    const seg = buf.subarray(pos + 2, pos + len);
    if (pos + len > buf.length) throw new Error('segment runs past the end (truncated?)');
    if (m === 0xdb) {
      for (let p = 0; p < seg.length;) {
        const pq = seg[p]! >> 4, id = seg[p]! & 15;
        if (pq) return null; // 16-bit tables: leave to the fallback
        const t = new Int32Array(64);
        for (let k = 0; k < 64; k++) t[ZIGZAG[k]!] = seg[p + 1 + k]!;
        qt[id] = t;
        p += 65;
      }
    } else if (m === 0xc4) {
      for (let p = 0; p < seg.length;) {
        const cls = seg[p]! >> 4, id = seg[p]! & 15;
        const counts = seg.subarray(p + 1, p + 17);
        const n = counts.reduce((a, b) => a + b, 0);
        const t = buildHuffman(counts, seg.slice(p + 17, p + 17 + n));
        (cls ? ac : dc)[id] = t;
        p += 17 + n;
      }
    } else if (m === 0xdd) {
      restart = u16(pos + 2);
    } else if (m === 0xee) {
      if (seg.length >= 12 && String.fromCharCode(...seg.subarray(0, 5)) === 'Adobe') adobe = seg[11]!;
    } else if (m === 0xc0 || m === 0xc1) {
      if (seg[0] !== 8) return null;
      H = u16(pos + 3); W = u16(pos + 5);
      if (W * H > 100e6) throw new Error(`${W}x${H} is over 100 megapixels`);
      const n = seg[5]!;
      comps = [];
      for (let i = 0; i < n; i++) {
        const b = 6 + i * 3;
        comps.push({ id: seg[b]!, h: seg[b + 1]! >> 4, v: seg[b + 1]! & 15, tq: seg[b + 2]!, td: 0, ta: 0, bw: 0, bh: 0, data: new Uint8Array(0), pred: 0 });
      }
    } else if ((m >= 0xc2 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc)) {
      return null; // progressive, lossless or arithmetic: fallback
    } else if (m === 0xda) {
      return decodeScan(buf, pos, seg, comps, W, H, qt, dc, ac, restart, adobe);
    }
    pos += len;
  }
}

function decodeScan(buf: Uint8Array, pos: number, seg: Uint8Array, comps: Component[], W: number, H: number,
  qt: Int32Array[], dcT: Huffman[], acT: Huffman[], restart: number, adobe: number): Image | null {
  if (!W || !H || (comps.length !== 1 && comps.length !== 3)) return null;
  const ns = seg[0]!;
  if (ns !== comps.length) return null; // non-interleaved multi-scan baseline: fallback
  for (let i = 0; i < ns; i++) {
    const c = comps.find((x) => x.id === seg[1 + i * 2]);
    if (!c) throw new Error('scan names an unknown component');
    c.td = seg[2 + i * 2]! >> 4; c.ta = seg[2 + i * 2]! & 15;
  }
  const hmax = Math.max(...comps.map((c) => c.h)), vmax = Math.max(...comps.map((c) => c.v));
  if (comps.length === 3) {
    const [y, cb, cr] = comps as [Component, Component, Component];
    const layoutOk = cb.h === 1 && cb.v === 1 && cr.h === 1 && cr.v === 1 && ((y.h === 1 && y.v === 1) || (y.h === 2 && y.v === 1) || (y.h === 2 && y.v === 2));
    if (!layoutOk || adobe === 0 || adobe === 2) return null;
  }
  const single = ns === 1;
  const mcux = single ? Math.ceil(W / 8) : Math.ceil(W / (8 * hmax)), mcuy = single ? Math.ceil(H / 8) : Math.ceil(H / (8 * vmax));
  for (const c of comps) {
    c.bw = single ? mcux : mcux * c.h; c.bh = single ? mcuy : mcuy * c.v;
    c.data = new Uint8Array(c.bw * 8 * c.bh * 8);
    c.pred = 0;
    if (!qt[c.tq] || !dcT[c.td] || !acT[c.ta]) throw new Error('missing quantisation or Huffman table');
  }
  const r = new BitReader(buf, pos + seg.length + 2);
  const coef = new Int32Array(64), ws = new Int32Array(64);
  const block = (c: Component, bx: number, by: number) => {
    coef.fill(0);
    const q = qt[c.tq]!;
    const s = r.decode(dcT[c.td]!);
    c.pred += extend(r.get(s), s);
    coef[0] = c.pred * q[0]!;
    const act = acT[c.ta]!;
    for (let k = 1; k < 64;) {
      const rs = r.decode(act);
      const run = rs >> 4, size = rs & 15;
      if (!size) { if (run !== 15) break; k += 16; continue; }
      k += run;
      if (k > 63) throw new Error('corrupt block');
      const z = ZIGZAG[k]!;
      coef[z] = extend(r.get(size), size) * q[z]!;
      k++;
    }
    const stride = c.bw * 8;
    idctIslow(coef, c.data, stride, by * 8 * stride + bx * 8, ws);
  };
  let mcu = 0;
  const total = mcux * mcuy;
  for (let my = 0; my < mcuy; my++) for (let mx = 0; mx < mcux; mx++) {
    if (restart && mcu && mcu % restart === 0 && mcu < total) {
      r.restart();
      for (const c of comps) c.pred = 0;
    }
    if (single) block(comps[0]!, mx, my);
    else for (const c of comps) for (let v = 0; v < c.v; v++) for (let h = 0; h < c.h; h++) block(c, mx * c.h + h, my * c.v + v);
    mcu++;
  }
  return toBgr(comps, W, H, hmax, vmax);
}

/** jdsample.c fancy upsampling of one chroma plane to full size (h2v1 or h2v2), edges replicated. */
function upsample(c: Component, W: number, H: number, fh: number, fv: number): Uint8Array {
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

function toBgr(comps: Component[], W: number, H: number, hmax: number, vmax: number): Image {
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
