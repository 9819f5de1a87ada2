/** Activations as parameter-free layers, so they take an index in nn.Sequential like PyTorch's. */
import * as tf from '@tensorflow/tfjs-core';
import { Layer } from './module.js';

/** x * sigmoid(x), from primitive ops so every backend has its gradient. */
export function silu<T extends tf.Tensor>(x: T): T {
  return tf.mul(x, tf.sigmoid(x));
}

/** nn.SiLU. */
export class SiLU extends Layer {
  forward(x: tf.Tensor4D): tf.Tensor4D {
    return silu(x);
  }
}

/** nn.ReLU6. */
export class ReLU6 extends Layer {
  forward(x: tf.Tensor4D): tf.Tensor4D {
    return tf.relu6(x);
  }
}

/** nn.Identity. */
export class Identity extends Layer {
  forward(x: tf.Tensor4D): tf.Tensor4D {
    return x;
  }
}
