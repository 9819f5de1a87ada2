/** Pooling and resampling with PyTorch's exact index rules. */
import * as tf from '@tensorflow/tfjs-core';
import { Layer } from './module.js';

/** nn.MaxPool2d(k, stride 1, padding k//2) for odd k: tfjs 'same' pads (k-1)/2 on both sides here, like PyTorch. */
export class MaxPool2dSame extends Layer {
  constructor(readonly kernelSize: number) {
    super();
    if (kernelSize % 2 !== 1) throw new RangeError('MaxPool2dSame needs an odd kernel');
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    return tf.maxPool(x, this.kernelSize, 1, 'same');
  }
}

/**
 * nn.Upsample(scale_factor=2, mode='nearest'): output pixel i reads input floor(i/2).
 * Written as reshape + broadcast rather than resizeNearestNeighbor: tfjs-backend-cpu's
 * ResizeNearestNeighborGrad disagrees with PyTorch (tests/runtime/train.test.ts caught it),
 * while broadcasting's gradient is a plain sum on every backend.
 */
export class UpsampleNearest2x extends Layer {
  forward(x: tf.Tensor4D): tf.Tensor4D {
    const [n, h, w, c] = x.shape;
    // Columns then rows, rank <= 4 (tfjs's Tile gradient stops at rank 4).
    const cols = tf.broadcastTo(tf.reshape(x, [n * h, w, 1, c]), [n * h, w, 2, c]);
    const rows = tf.broadcastTo(tf.reshape(cols, [n * h, 1, 2 * w * c]), [n * h, 2, 2 * w * c]);
    return tf.reshape(rows, [n, h * 2, w * 2, c]);
  }
}
