/** Shared set-up for the native-kernel tests: both backends, random tensors, comparison. */
import * as tf from '@tensorflow/tfjs-core';
import { registerGradients } from '../../runtime/backend/gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import assert from 'node:assert/strict';
import { registerNative } from '../../runtime/backend/native/index.js';
import { loadAddon } from '../../runtime/backend/native/addon.js';
import type { NativeAddon } from '../../runtime/backend/native/addon.js';

export { tf };

/** The addon; the tests fail (not skip) without it unless YOLOC_NO_NATIVE=1 says it is off. */
export async function setUp(): Promise<NativeAddon | null> {
  registerGradients();
  const ok = await registerNative();
  if (!ok && process.env.YOLOC_NO_NATIVE !== '1') assert.fail('native addon not built: run npm run build:native');
  return ok ? loadAddon() : null;
}

/** A deterministic pseudo-random tensor in [-1, 1) (xorshift, so runs are reproducible). */
export function rand(shape: number[], seed: number): tf.Tensor {
  let s = (seed * 2654435761) >>> 0 || 1;
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    v[i] = (s / 4294967296) * 2 - 1;
  }
  return tf.tensor(v, shape);
}

/** Runs fn on `backend` and returns the values of its tensors (no leaks). */
export function runOn(backend: string, fn: () => tf.Tensor | tf.Tensor[]): Float32Array[] {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const r = fn();
    return (Array.isArray(r) ? r : [r]).map((t) => t.dataSync() as Float32Array);
  });
}

/** fn on native equals fn on cpu to a relative tolerance (sums of products in another order). */
export function assertSameOnBoth(fn: () => tf.Tensor | tf.Tensor[], label: string, tol = 1e-4): void {
  const want = runOn('cpu', fn);
  const got = runOn('native', fn);
  assert.equal(got.length, want.length, label);
  for (let k = 0; k < want.length; k++) {
    assert.equal(got[k].length, want[k].length, `${label}: output ${k} size`);
    let scale = 1e-6;
    for (const v of want[k]) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < want[k].length; i++) {
      const g = got[k][i], w = want[k][i];
      if (Number.isNaN(w) && Number.isNaN(g)) continue;
      if (!Number.isFinite(w) && g === w) continue;
      const err = Math.abs(g - w);
      if (!(err <= tol * scale)) {
        assert.fail(`${label}: output ${k}[${i}] native ${got[k][i]} vs cpu ${want[k][i]} (scale ${scale})`);
      }
    }
  }
}

/** Counts calls to the addon's `name` while fn runs (proves the native path, not a fallback). */
export function countAddonCalls(addon: NativeAddon | null, name: keyof NativeAddon, fn: () => void): number {
  if (addon === null) return 0;
  const rec = addon as unknown as Record<string, (...a: unknown[]) => unknown>;
  const orig = rec[name];
  let calls = 0;
  rec[name] = (...a: unknown[]) => { calls++; return orig.apply(addon, a); };
  try { fn(); } finally { rec[name] = orig; }
  return calls;
}
