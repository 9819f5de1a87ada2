/**
 * safetensors: `u64le header_len | JSON header | raw little-endian data`, offsets relative to
 * the start of the data section. F32 is what we write; F16/BF16/F64/I64/I32 are read (as
 * float32, or int32 for the integer types that fit).
 */
import { openSync, readSync, closeSync, fstatSync, writeSync, renameSync, unlinkSync, fsyncSync } from 'node:fs';
import { YolocError, fsReason } from '../errors.js';

export interface TensorData {
  dtype: 'float32' | 'int32';
  shape: number[];
  data: Float32Array | Int32Array;
}

const MAX_HEADER = 100 * 1024 * 1024;
const SIZES: Record<string, number> = { F32: 4, F16: 2, BF16: 2, F64: 8, I64: 8, I32: 4, U8: 1, I8: 1, BOOL: 1 };

/** Reads a whole safetensors file. Every malformation is a YC7101 naming the file. */
export function readSafetensors(file: string): Map<string, TensorData> {
  return readSafetensorsFile(file).tensors;
}

/** Reads tensors and the string metadata (`__metadata__`) of a safetensors file. */
export function readSafetensorsFile(file: string): { tensors: Map<string, TensorData>; metadata: Record<string, string> } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new YolocError('YC7100', `cannot open: ${fsReason(e)}`, file);
  }
  try {
    const size = fstatSync(fd).size;
    const bad = (why: string) => new YolocError('YC7101', `not a valid safetensors file: ${why}`, file);
    if (size < 8) throw bad(`${size} bytes is too short for a header`);
    const lenBuf = Buffer.alloc(8);
    readSync(fd, lenBuf, 0, 8, 0);
    const headerLen = lenBuf.readBigUInt64LE(0);
    if (headerLen > BigInt(Math.min(MAX_HEADER, size - 8))) throw bad(`header length ${headerLen} exceeds the file`);
    const hb = Buffer.alloc(Number(headerLen));
    readSync(fd, hb, 0, hb.length, 8);
    let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
    try {
      header = JSON.parse(hb.toString('utf8'));
    } catch {
      throw bad('header is not JSON');
    }
    if (typeof header !== 'object' || header === null || Array.isArray(header)) throw bad('header is not an object');
    const dataStart = 8 + hb.length;
    const dataLen = size - dataStart;
    const out = new Map<string, TensorData>();
    const metadata: Record<string, string> = {};
    for (const [name, info] of Object.entries(header)) {
      if (name === '__metadata__') {
        if (info && typeof info === 'object') {
          for (const [k, v] of Object.entries(info)) if (typeof v === 'string') metadata[k] = v;
        }
        continue;
      }
      if (!info || typeof info !== 'object') throw bad(`entry '${name}' is not an object`);
      const { dtype, shape, data_offsets: off } = info;
      const el = SIZES[dtype];
      if (!el) throw bad(`tensor '${name}' has unsupported dtype ${dtype}`);
      if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw bad(`tensor '${name}' has a bad shape`);
      if (!Array.isArray(off) || off.length !== 2 || !off.every((o) => Number.isInteger(o) && o >= 0) || off[0] > off[1] || off[1] > dataLen) {
        throw bad(`tensor '${name}' has data offsets outside the file (truncated?)`);
      }
      const count = shape.reduce((a, b) => a * b, 1);
      if ((off[1] - off[0]) !== count * el) throw bad(`tensor '${name}': ${off[1] - off[0]} bytes for shape [${shape}] of ${dtype}`);
      const raw = Buffer.alloc(off[1] - off[0]);
      readSync(fd, raw, 0, raw.length, dataStart + off[0]);
      out.set(name, decode(dtype, shape, raw, count));
    }
    return { tensors: out, metadata };
  } finally {
    closeSync(fd);
  }
}

function decode(dtype: string, shape: number[], raw: Buffer, count: number): TensorData {
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (dtype) {
    case 'F32': {
      const a = new Float32Array(count);
      for (let i = 0; i < count; i++) a[i] = dv.getFloat32(i * 4, true);
      return { dtype: 'float32', shape, data: a };
    }
    case 'F64': {
      const a = new Float32Array(count);
      for (let i = 0; i < count; i++) a[i] = dv.getFloat64(i * 8, true);
      return { dtype: 'float32', shape, data: a };
    }
    case 'F16': case 'BF16': {
      const a = new Float32Array(count);
      for (let i = 0; i < count; i++) a[i] = dtype === 'F16' ? f16(dv.getUint16(i * 2, true)) : bf16(dv.getUint16(i * 2, true));
      return { dtype: 'float32', shape, data: a };
    }
    default: {
      const a = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        a[i] = dtype === 'I64' ? Number(dv.getBigInt64(i * 8, true)) : dtype === 'I32' ? dv.getInt32(i * 4, true)
          : dtype === 'I8' ? dv.getInt8(i) : dv.getUint8(i);
      }
      return { dtype: 'int32', shape, data: a };
    }
  }
}

function f16(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

function bf16(h: number): number {
  const b = new DataView(new ArrayBuffer(4));
  b.setUint32(0, h << 16);
  return b.getFloat32(0);
}

/**
 * Writes tensors (F32, or I32 for int32) atomically: a temp file beside the target, fsync,
 * rename. Keys are written sorted, so the same tensors give the same bytes.
 */
export function writeSafetensors(file: string, tensors: Map<string, TensorData>, metadata?: Record<string, string>): void {
  const names = [...tensors.keys()].sort();
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const n of names) {
    const t = tensors.get(n)!;
    const bytes = t.data.length * 4;
    header[n] = { dtype: t.dtype === 'int32' ? 'I32' : 'F32', shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let hjson = JSON.stringify(header);
  hjson += ' '.repeat((8 - (hjson.length % 8)) % 8);
  const hbuf = Buffer.from(hjson, 'utf8');
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(hbuf.length));
    writeSync(fd, len);
    writeSync(fd, hbuf);
    for (const n of names) {
      const t = tensors.get(n)!;
      const le = Buffer.alloc(t.data.length * 4);
      if (t.dtype === 'int32') for (let i = 0; i < t.data.length; i++) le.writeInt32LE(t.data[i]!, i * 4);
      else for (let i = 0; i < t.data.length; i++) le.writeFloatLE(t.data[i]!, i * 4);
      writeSync(fd, le);
    }
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, file);
  } catch (e) {
    try { closeSync(fd); } catch { /* already closed */ }
    try { unlinkSync(tmp); } catch { /* not there */ }
    throw new YolocError('YC7102', `cannot write: ${(e as Error).message}`, file);
  }
}
