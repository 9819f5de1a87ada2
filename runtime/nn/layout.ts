/**
 * The ONE place where PyTorch weight layouts meet tfjs layouts. PyTorch stores conv weights
 * OIHW and depthwise weights [C, 1, kh, kw]; tfjs wants HWIO and [kh, kw, C, 1]. Everything
 * else (BN vectors, biases) is the same in both.
 */
import * as tf from '@tensorflow/tfjs-core';

/** How a parameter is laid out in PyTorch, which decides its tfjs permutation. */
export type Layout = 'plain' | 'conv' | 'depthwise';

const TO_TF: Record<Layout, number[] | null> = {
  plain: null,
  conv: [2, 3, 1, 0], // OIHW -> HWIO
  depthwise: [2, 3, 0, 1], // [C,1,kh,kw] -> [kh,kw,C,1]
};
const TO_TORCH: Record<Layout, number[] | null> = {
  plain: null,
  conv: [3, 2, 0, 1], // HWIO -> OIHW
  depthwise: [2, 3, 0, 1], // [kh,kw,C,1] -> [C,1,kh,kw]
};

/** The tfjs shape of a parameter whose PyTorch shape is `torchShape`. */
export function tfShapeOf(torchShape: readonly number[], layout: Layout): number[] {
  const perm = TO_TF[layout];
  return perm ? perm.map((i) => torchShape[i]!) : [...torchShape];
}

/** A tfjs tensor from PyTorch-layout float data. */
export function fromTorch(data: Float32Array, torchShape: readonly number[], layout: Layout): tf.Tensor {
  const perm = TO_TF[layout];
  return tf.tidy(() => {
    const t = tf.tensor(data, [...torchShape], 'float32');
    return perm ? tf.transpose(t, perm) : t;
  });
}

/** A parameter in PyTorch layout, as a tensor (the input itself when no permutation is needed). */
export function toTorchTensor(t: tf.Tensor, layout: Layout): tf.Tensor {
  const perm = TO_TORCH[layout];
  return perm ? tf.transpose(t, perm) : t;
}

/** PyTorch-layout float data of a tfjs parameter tensor. */
export function toTorch(t: tf.Tensor, layout: Layout): { shape: number[]; data: Float32Array } {
  const perm = TO_TORCH[layout];
  const out = perm ? tf.transpose(t, perm) : t;
  const data = out.dataSync() as Float32Array;
  const shape = [...out.shape];
  if (out !== t) out.dispose();
  return { shape, data: Float32Array.from(data) };
}
