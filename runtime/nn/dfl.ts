/**
 * Distribution Focal Loss's integral (GFL / YOLOv8): each of the four box sides is predicted as
 * reg_max logits over the distances 0..reg_max-1; the distance is their softmax expectation,
 * softmax(logits) @ [0, 1, ..., reg_max-1] (PyTorch: dist.softmax(3).matmul(proj.view(-1, 1))).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { dflIntegral } from './fused_ops.js';

/**
 * [N, H, W, 4*regMax] logits (channel side*regMax + bin) -> [N, H, W, 4] expected distances: one
 * native kernel each way where the backend has it (runtime/nn/fused_ops.ts), else softmax + matmul.
 */
export function dflExpectation(dist: tf.Tensor4D, regMax: number): tf.Tensor4D {
  const c = dist.shape[3];
  if (c !== 4 * regMax) throw new RangeError(`DFL: ${c} channels for reg_max ${regMax}`);
  return dflIntegral(dist, regMax);
}
