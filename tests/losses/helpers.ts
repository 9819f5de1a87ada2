/** Shared by the loss tests: tfjs on a named backend, the shared loss fixture, comparisons. */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { registerGradients } from '../../runtime/backend/gradients.js';
import path from 'node:path';
import { readSafetensors, type TensorData } from '../../runtime/io/safetensors.js';
import { FIXTURES } from '../helpers/paths.js';
import type { HeadOutputs } from '../../runtime/losses/yolov5.js';

await registerGradients();

export { tf };

/** The shared fixture made by ../shared/reference/ref_loss.py. */
export const LOSS_FIXTURE = path.join(FIXTURES, 'yolov5_starnet_s8.loss_320.safetensors');

/** Backends to parametrise by: cpu always; native and wasm when they initialise here. */
export async function backends(): Promise<string[]> {
  const out = ['cpu'];
  const { registerNative } = await import('../../runtime/backend/native/index.js');
  if (await registerNative()) out.push('native');
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    if (await tf.setBackend('wasm')) out.push('wasm');
  } catch { /* wasm did not load: cpu only */ }
  await tf.setBackend('cpu');
  return out;
}

/** Head outputs (NCHW) named `cls_scores.L`, `bbox_preds.L`, `objectnesses.L` in a tensor map. */
export function headOutputs(m: Map<string, TensorData>, levels = 3): HeadOutputs {
  const t = (k: string) => {
    const d = m.get(k);
    if (!d) throw new Error(`fixture lacks ${k}`);
    return tf.tensor(d.data as Float32Array, d.shape, 'float32');
  };
  const r = (n: string) => Array.from({ length: levels }, (_, l) => t(`${n}.${l}`));
  return { clsScores: r('cls_scores'), bboxPreds: r('bbox_preds'), objectnesses: r('objectnesses') };
}

/** Largest absolute difference of two equal-length arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Relative difference |a - b| / |b| (absolute when b is 0). */
export function relDiff(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
}
