/**
 * Eval-mode fusion: BatchNorm folded into the preceding convolution (W * s, (b - mean) * s +
 * beta with s = gamma / sqrt(var + eps)) and run as one tfjs fused conv with its bias and
 * activation. Saves two passes over every activation map; the folding rounds differently from
 * PyTorch's separate BN by ~1e-7 relative. Training never takes this path (BN needs batch
 * statistics there).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Conv2d } from './conv.js';
import type { BatchNorm2d } from './batchnorm.js';

/** Activations fused into the conv that we use ('silu' only where convSiluFusable() says so). */
export type FusedActivation = 'linear' | 'relu6' | 'silu';

/** conv(x) [-> bn] [-> activation] in eval mode as a single fused convolution. */
export function convBnEval(conv: Conv2d, bn: BatchNorm2d | null, x: tf.Tensor4D, activation: FusedActivation = 'linear'): tf.Tensor4D {
  let filter: tf.Tensor4D = conv.weight as tf.Tensor4D;
  let bias: tf.Tensor1D | undefined = (conv.bias ?? undefined) as tf.Tensor1D | undefined;
  if (bn) {
    const scale = tf.mul(bn.weight, tf.rsqrt(tf.add(bn.runningVar, bn.eps))) as tf.Tensor1D;
    filter = tf.mul(filter, conv.depthwise ? tf.reshape(scale, [1, 1, -1, 1]) : scale) as tf.Tensor4D;
    const shifted = bias ? tf.sub(bias, bn.runningMean) : tf.neg(bn.runningMean);
    bias = tf.add(tf.mul(shifted, scale), bn.bias) as tf.Tensor1D;
  }
  // 'silu' is not in tfjs's Activation union: backends that declared it accept it (fused_ops.ts).
  const args = { x, filter, strides: conv.stride, pad: conv.padding, bias, activation: activation as 'linear' | 'relu6' };
  return conv.depthwise ? tf.fused.depthwiseConv2d(args) : tf.fused.conv2d(args);
}
