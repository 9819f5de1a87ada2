/**
 * The deterministic weights of tests/fixtures/anchor_free/ref.py, in TypeScript: each state_dict
 * entry is a function of its key and shape (fnv1a32 seed, fmix32 counter hash, the same float64
 * arithmetic, then float32), so a fixture needs no weight file and the test checks that our
 * parameter names are PyTorch's (a wrong name gets other values, and other outputs).
 */
import type { TensorData } from '../../runtime/io/safetensors.js';

function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

/** n values in [0, 1): fmix32(seed + i * 0x9E3779B9) / 2^32. */
function uniforms(key: string, n: number): Float64Array {
  const seed = fnv1a32(key);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let h = (seed + Math.imul(i, 0x9e3779b9)) >>> 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
    out[i] = (h >>> 0) / 4294967296;
  }
  return out;
}

/** The heads' last convs get 40x the bound (ref.py's PRED_GAIN): unit-scale logits would be nearly constant. */
const PRED_GAIN = 40;
const PRED_KEY = /(cls_preds|reg_preds)\.\d+\.2\.weight$|rtm_(cls|reg)\.\d+\.weight$/;

/** The fixture value of state_dict entry `key` with PyTorch shape `shape`. */
export function deterministicValue(key: string, shape: readonly number[]): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const u = uniforms(key, n);
  const out = new Float32Array(n);
  const isNormWeight = shape.length === 1 && key.endsWith('.weight');
  const gain = PRED_KEY.test(key) ? PRED_GAIN : 1.0;
  const bound = shape.length === 4 ? gain * Math.sqrt(3.0 / (shape[1]! * shape[2]! * shape[3]!)) : 0.1;
  for (let i = 0; i < n; i++) {
    if (key.endsWith('running_var') || isNormWeight) out[i] = 0.5 + u[i]!;
    else out[i] = (u[i]! * 2 - 1) * bound;
  }
  return out;
}

/**
 * A state_dict for the given (name, PyTorch shape, shared) entries: a tensor shared under several
 * names (RTMDet's convs) gets its first name's values under all of them, as PyTorch's state_dict holds it.
 */
export function deterministicStateDict(entries: readonly { name: string; shape: readonly number[]; alias?: string }[]): Map<string, TensorData> {
  const out = new Map<string, TensorData>();
  for (const e of entries) {
    const src = e.alias ? out.get(e.alias)! : { dtype: 'float32' as const, shape: [...e.shape], data: deterministicValue(e.name, e.shape) };
    out.set(e.name, src);
  }
  return out;
}
