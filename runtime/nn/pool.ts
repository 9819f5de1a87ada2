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

/** nn.Upsample(scale_factor=2, mode='nearest'): output pixel i reads input floor(i/2). */
export class UpsampleNearest2x extends Layer {
  forward(x: tf.Tensor4D): tf.Tensor4D {
    const [, h, w] = x.shape;
    return tf.image.resizeNearestNeighbor(x, [h * 2, w * 2], false, false);
  }
}
