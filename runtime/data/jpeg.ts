/**
 * JPEG decoding as libjpeg-turbo does it under cv2.imread (IMREAD_COLOR), so pixels equal
 * OpenCV's: baseline and progressive Huffman scans (with restart intervals, spectral selection
 * and successive approximation, jdhuff.c / jdphuff.c) into coefficients, then jpeg-pixels.ts
 * (islow IDCT, fancy upsampling, YCbCr tables). Arithmetic coding, 12-bit samples, CMYK and
 * sampling layouts other than 4:4:4, 4:2:2 and 4:2:0 return null: the caller falls back to
 * jpeg-js for those.
 */
import type { Image } from './image.js';
import { idctIslow, toBgr } from './jpeg-pixels.js';

interface Component {
  id: number; h: number; v: number; tq: number; td: number; ta: number;
  /** Blocks per row and column, MCU-padded; nbx, nby: the blocks a one-component scan covers. */
  bw: number; bh: number; nbx: number; nby: number;
  coefs: Int32Array; data: Uint8Array; pred: number;
}
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

interface Frame { W: number; H: number; progressive: boolean; comps: Component[]; hmax: number; vmax: number; mcux: number; mcuy: number }

function startFrame(seg: Uint8Array, progressive: boolean): Frame | null {
  if (seg[0] !== 8) return null;
  const H = (seg[1]! << 8) | seg[2]!, W = (seg[3]! << 8) | seg[4]!;
  if (!W || !H) throw new Error('the frame has no size');
  if (W * H > 100e6) throw new Error(`${W}x${H} is over 100 megapixels`);
  const comps: Component[] = [];
  for (let i = 0; i < seg[5]!; i++) {
    const b = 6 + i * 3;
    comps.push({ id: seg[b]!, h: seg[b + 1]! >> 4, v: seg[b + 1]! & 15, tq: seg[b + 2]!, td: 0, ta: 0, bw: 0, bh: 0, nbx: 0, nby: 0, coefs: new Int32Array(0), data: new Uint8Array(0), pred: 0 });
  }
  if (comps.length !== 1 && comps.length !== 3) return null;
  if (comps.length === 3) {
    const [y, cb, cr] = comps as [Component, Component, Component];
    const ok = cb.h === 1 && cb.v === 1 && cr.h === 1 && cr.v === 1 && ((y.h === 1 && y.v === 1) || (y.h === 2 && y.v === 1) || (y.h === 2 && y.v === 2));
    if (!ok) return null;
  } else comps[0]!.h = comps[0]!.v = 1;
  const hmax = Math.max(...comps.map((c) => c.h)), vmax = Math.max(...comps.map((c) => c.v));
  const mcux = Math.ceil(W / (8 * hmax)), mcuy = Math.ceil(H / (8 * vmax));
  for (const c of comps) {
    c.bw = mcux * c.h; c.bh = mcuy * c.v;
    c.nbx = Math.ceil(Math.ceil((W * c.h) / hmax) / 8); c.nby = Math.ceil(Math.ceil((H * c.v) / vmax) / 8);
    c.coefs = new Int32Array(c.bw * c.bh * 64);
  }
  return { W, H, progressive, comps, hmax, vmax, mcux, mcuy };
}

/** Decodes one scan into the components' coefficients; returns where the entropy data stopped. */
function decodeScan(buf: Uint8Array, start: number, seg: Uint8Array, f: Frame, dcT: Huffman[], acT: Huffman[], restart: number): number {
  const ns = seg[0]!;
  const sc: Component[] = [];
  for (let i = 0; i < ns; i++) {
    const c = f.comps.find((x) => x.id === seg[1 + i * 2]);
    if (!c) throw new Error('a scan names an unknown component');
    c.td = seg[2 + i * 2]! >> 4; c.ta = seg[2 + i * 2]! & 15;
    c.pred = 0;
    sc.push(c);
  }
  const p = 1 + ns * 2;
  const ss = seg[p]!, se = seg[p + 1]!, ah = seg[p + 2]! >> 4, al = seg[p + 2]! & 15;
  if (f.progressive ? ss > se || se > 63 || (ss === 0 && se !== 0) || (ss > 0 && ns !== 1) : ss !== 0 || se !== 63) throw new Error('bad spectral selection');
  const r = new BitReader(buf, start);
  let eobrun = 0;
  const needDc = !f.progressive || ss === 0, needAc = !f.progressive || ss > 0;
  for (const c of sc) if ((needDc && ah === 0 && !dcT[c.td]) || (needAc && !acT[c.ta])) throw new Error('a scan uses a missing Huffman table');
  const baseline = (c: Component, b: Int32Array) => {
    const s = r.decode(dcT[c.td]!);
    c.pred += extend(r.get(s), s);
    b[0] = c.pred;
    const t = acT[c.ta]!;
    for (let k = 1; k < 64;) {
      const rs = r.decode(t), run = rs >> 4, size = rs & 15;
      if (!size) { if (run !== 15) break; k += 16; continue; }
      k += run;
      if (k > 63) throw new Error('corrupt block');
      b[ZIGZAG[k]!] = extend(r.get(size), size);
      k++;
    }
  };
  const dcFirst = (c: Component, b: Int32Array) => {
    const s = r.decode(dcT[c.td]!);
    c.pred += extend(r.get(s), s);
    b[0] = c.pred * (1 << al);
  };
  const dcRefine = (_c: Component, b: Int32Array) => { if (r.get(1)) b[0] = b[0]! | (1 << al); };
  const acFirst = (c: Component, b: Int32Array) => {
    if (eobrun > 0) { eobrun--; return; }
    const t = acT[c.ta]!;
    for (let k = ss; k <= se; k++) {
      const rs = r.decode(t), run = rs >> 4, size = rs & 15;
      if (size) {
        k += run;
        if (k > 63) throw new Error('corrupt block');
        b[ZIGZAG[k]!] = extend(r.get(size), size) * (1 << al);
      } else if (run === 15) k += 15;
      else { eobrun = (1 << run) + r.get(run) - 1; break; }
    }
  };
  const p1 = 1 << al, m1 = -1 * (1 << al);
  const refineNonzero = (b: Int32Array, z: number) => {
    if (r.get(1) && (b[z]! & p1) === 0) b[z] = b[z]! + (b[z]! >= 0 ? p1 : m1);
  };
  const acRefine = (c: Component, b: Int32Array) => {
    let k = ss;
    if (eobrun === 0) {
      const t = acT[c.ta]!;
      for (; k <= se; k++) {
        const rs = r.decode(t);
        let run = rs >> 4, s = rs & 15;
        if (s) s = r.get(1) ? p1 : m1;
        else if (run !== 15) { eobrun = (1 << run) + r.get(run); break; }
        while (k <= se) {
          const z = ZIGZAG[k]!;
          if (b[z] !== 0) refineNonzero(b, z);
          else if (--run < 0) break;
          k++;
        }
        if (s && k <= 63) b[ZIGZAG[k]!] = s;
      }
    }
    if (eobrun > 0) {
      for (; k <= se; k++) { const z = ZIGZAG[k]!; if (b[z] !== 0) refineNonzero(b, z); }
      eobrun--;
    }
  };
  const step = !f.progressive ? baseline : ss === 0 ? (ah === 0 ? dcFirst : dcRefine) : ah === 0 ? acFirst : acRefine;
  const blockOf = (c: Component, bx: number, by: number) => c.coefs.subarray((by * c.bw + bx) * 64, (by * c.bw + bx + 1) * 64);
  const single = ns === 1;
  const mx = single ? sc[0]!.nbx : f.mcux, my = single ? sc[0]!.nby : f.mcuy;
  const total = mx * my;
  for (let n = 0; n < total; n++) {
    if (restart && n && n % restart === 0) {
      r.restart();
      for (const c of sc) c.pred = 0;
      eobrun = 0;
    }
    const x = n % mx, y = Math.floor(n / mx);
    if (single) step(sc[0]!, blockOf(sc[0]!, x, y));
    else for (const c of sc) for (let v = 0; v < c.v; v++) for (let h = 0; h < c.h; h++) step(c, blockOf(c, x * c.h + h, y * c.v + v));
  }
  return r.pos;
}

/** Decodes a JPEG to HWC BGR as libjpeg-turbo + cv2 do, or null when not supported. */
export function decodeJpegExact(buf: Uint8Array): Image | null {
  const qt: Int32Array[] = [];
  const dc: Huffman[] = [], ac: Huffman[] = [];
  let frame: Frame | null = null;
  let restart = 0, adobe = -1, scans = 0;
  let pos = 2;
  const u16 = (q: number) => (buf[q]! << 8) | buf[q + 1]!;
  for (;;) {
    while (pos < buf.length && buf[pos] !== 0xff) pos++;
    while (buf[pos] === 0xff) pos++;
    // libjpeg decodes a file cut after some scan with what it has; so do we
    if (pos >= buf.length) { if (frame && scans) break; throw new Error('no image data (truncated?)'); }
    const m = buf[pos++]!;
    if (m === 0 || m === 0xd8 || (m >= 0xd0 && m <= 0xd7) || m === 0x01) continue;
    if (m === 0xd9) { if (frame && scans) break; throw new Error('end of image before any scan'); }
    const len = u16(pos);
    if (len < 2 || pos + len > buf.length) throw new Error('segment runs past the end (truncated?)');
    const seg = buf.subarray(pos + 2, pos + len);
    if (m === 0xdb) {
      for (let q = 0; q < seg.length;) {
        if (seg[q]! >> 4) return null; // 16-bit tables: leave to the fallback
        const t = new Int32Array(64);
        for (let k = 0; k < 64; k++) t[ZIGZAG[k]!] = seg[q + 1 + k]!;
        qt[seg[q]! & 15] = t;
        q += 65;
      }
    } else if (m === 0xc4) {
      for (let q = 0; q < seg.length;) {
        const counts = seg.subarray(q + 1, q + 17);
        const n = counts.reduce((a, b) => a + b, 0);
        ((seg[q]! >> 4) ? ac : dc)[seg[q]! & 15] = buildHuffman(counts, seg.slice(q + 17, q + 17 + n));
        q += 17 + n;
      }
    } else if (m === 0xdd) {
      restart = u16(pos + 2);
    } else if (m === 0xee) {
      if (seg.length >= 12 && String.fromCharCode(...seg.subarray(0, 5)) === 'Adobe') adobe = seg[11]!;
    } else if (m === 0xc0 || m === 0xc1 || m === 0xc2) {
      frame = startFrame(seg, m === 0xc2);
      if (!frame) return null;
    } else if (m >= 0xc3 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      return null; // lossless, hierarchical or arithmetic-coded: fallback
    } else if (m === 0xda) {
      if (!frame) throw new Error('a scan before the frame header');
      pos = decodeScan(buf, pos + len, seg, frame, dc, ac, restart);
      scans++;
      continue;
    }
    pos += len;
  }
  const f = frame!;
  if (f.comps.length === 3 && (adobe === 0 || adobe === 2)) return null; // RGB or YCCK by Adobe's flag
  const ws = new Int32Array(64), deq = new Int32Array(64);
  for (const c of f.comps) {
    const q = qt[c.tq];
    if (!q) throw new Error('a component uses a missing quantisation table');
    const stride = c.bw * 8;
    c.data = new Uint8Array(stride * c.bh * 8);
    for (let by = 0; by < c.bh; by++) for (let bx = 0; bx < c.bw; bx++) {
      const o = (by * c.bw + bx) * 64;
      for (let k = 0; k < 64; k++) deq[k] = c.coefs[o + k]! * q[k]!;
      idctIslow(deq, c.data, stride, by * 8 * stride + bx * 8, ws);
    }
  }
  return toBgr(f.comps, f.W, f.H, f.hmax, f.vmax);
}
