/**
 * Tensors inside a .pth: a storage (a flat typed record) viewed through offset, size and
 * stride, as `torch._utils._rebuild_tensor_v2` builds them. Views of one storage (a transposed
 * weight, a slice) are gathered element by element, so non-contiguous tensors come out right.
 */
import { YolocError } from '../errors.js';
import type { TensorData } from './safetensors.js';

/** Element size and kind of each torch.<Name>Storage. */
export const STORAGE_DTYPES: Record<string, { bytes: number; kind: 'f32' | 'f16' | 'bf16' | 'f64' | 'i64' | 'i32' | 'i16' | 'i8' | 'u8' | 'bool' }> = {
  FloatStorage: { bytes: 4, kind: 'f32' },
  HalfStorage: { bytes: 2, kind: 'f16' },
  BFloat16Storage: { bytes: 2, kind: 'bf16' },
  DoubleStorage: { bytes: 8, kind: 'f64' },
  LongStorage: { bytes: 8, kind: 'i64' },
  IntStorage: { bytes: 4, kind: 'i32' },
  ShortStorage: { bytes: 2, kind: 'i16' },
  CharStorage: { bytes: 1, kind: 'i8' },
  ByteStorage: { bytes: 1, kind: 'u8' },
  BoolStorage: { bytes: 1, kind: 'bool' },
};

/** A storage a pickle referred to: record key, storage class name, element count. */
export class StorageRef {
  constructor(readonly key: string, readonly type: string, readonly numel: number, readonly location: string) {}
}

/** A tensor a pickle rebuilt, not yet read: a view of a storage. */
export class TensorRef {
  constructor(readonly storage: StorageRef, readonly offset: number, readonly shape: number[], readonly stride: number[]) {}
  /** The torch dtype name, for messages. */
  get dtype(): string { return STORAGE_DTYPES[this.storage.type]!.kind; }
}

function f16(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** Reads the tensor a TensorRef describes from its storage record's bytes. */
export function materialize(file: string, ref: TensorRef, bytes: Buffer): TensorData {
  const info = STORAGE_DTYPES[ref.storage.type]!;
  const { shape, stride, offset } = ref;
  const count = shape.reduce((a, b) => a * b, 1);
  const have = Math.floor(bytes.length / info.bytes);
  if (ref.storage.numel > have) {
    throw new YolocError('YC7114', `storage ${ref.storage.key} should hold ${ref.storage.numel} ${info.kind} values but has ${bytes.length} bytes`, file);
  }
  if (!Number.isSafeInteger(count) || count > 2 ** 30) {
    throw new YolocError('YC7114', `a tensor of shape [${shape}] is too large to read (${count} values)`, file);
  }
  if (count > 0) {
    let last = offset;
    for (let i = 0; i < shape.length; i++) last += (shape[i]! - 1) * stride[i]!;
    if (last >= ref.storage.numel) {
      throw new YolocError('YC7114', `a tensor of shape [${shape}] with strides [${stride}] at offset ${offset} reads past its storage of ${ref.storage.numel} values`, file);
    }
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const isFloat = info.kind === 'f32' || info.kind === 'f16' || info.kind === 'bf16' || info.kind === 'f64';
  const out = isFloat ? new Float32Array(count) : new Int32Array(count);
  const scratch = new DataView(new ArrayBuffer(4));
  const read = (j: number): number => {
    const at = j * info.bytes;
    switch (info.kind) {
      case 'f32': return dv.getFloat32(at, true);
      case 'f64': return dv.getFloat64(at, true);
      case 'f16': return f16(dv.getUint16(at, true));
      case 'bf16': scratch.setUint32(0, dv.getUint16(at, true) << 16); return scratch.getFloat32(0);
      case 'i64': {
        const v = dv.getBigInt64(at, true);
        if (v < -(2n ** 31n) || v >= 2n ** 31n) throw new YolocError('YC7114', `an int64 value ${v} does not fit int32`, file);
        return Number(v);
      }
      case 'i32': return dv.getInt32(at, true);
      case 'i16': return dv.getInt16(at, true);
      case 'i8': return dv.getInt8(at);
      case 'u8': return dv.getUint8(at);
      case 'bool': return dv.getUint8(at) ? 1 : 0;
    }
  };
  // Odometer over the output's row-major index, tracking the storage position incrementally.
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  let j = offset;
  for (let n = 0; n < count; n++) {
    out[n] = read(j);
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]!++;
      j += stride[d]!;
      if (idx[d]! < shape[d]!) break;
      j -= stride[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  return { dtype: isFloat ? 'float32' : 'int32', shape: [...shape], data: out };
}
