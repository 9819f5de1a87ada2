/**
 * WebGPU in tests: the webgpu backend on whatever adapter loads (SwiftShader on CPU machines:
 * `apt-get install chromium libvulkan1`, which .ci/run does). Without an adapter a suite is
 * skipped LOUDLY, and under CI (CI=true) it fails: no GPU test may be skipped there.
 */
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../runtime/index.js';

let available: boolean | null = null;
let reason = '';

/** Activates the webgpu backend; false (with a loud message) when there is no adapter. */
export async function useWebgpu(): Promise<boolean> {
  if (available === null) {
    try {
      await selectBackend('webgpu', { quiet: true });
      available = true;
    } catch (e) {
      available = false;
      reason = (e as Error).message;
    }
  } else if (available) {
    await tf.setBackend('webgpu');
  }
  if (!available) {
    const msg = `WEBGPU TESTS SKIPPED: no WebGPU adapter (${reason}); install Debian's chromium and libvulkan1 for SwiftShader`;
    if (process.env.CI) throw new Error(`${msg} — not allowed in CI`);
    process.stderr.write(`\n!!! ${msg}\n\n`);
  }
  return available;
}

/** Runs `fn` with backend `name` active and reads every returned tensor (async), then disposes. */
export async function runOn(name: string, fn: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  if (name === 'webgpu') {
    if (!(await useWebgpu())) throw new Error('no webgpu');
  } else {
    await selectBackend(name, { quiet: true });
  }
  const out = tf.tidy(fn);
  const list = Array.isArray(out) ? out : [out];
  try {
    return (await Promise.all(list.map((t) => t.data()))).map((d) => Float32Array.from(d as Float32Array));
  } finally {
    tf.dispose(list);
  }
}

/** Deterministic pseudo-random floats in [-1, 1) (the same on every backend). */
export function randomData(n: number, seed: number): Float32Array {
  let s = (seed * 2654435761) >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Max |a - b| / (1 + |b|) over all elements (NaN counts as infinite). */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!) / (1 + Math.abs(b[i]!));
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}
