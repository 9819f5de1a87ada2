/** Activations as parameter-free layers, so they take an index in nn.Sequential like PyTorch's. */
import * as tf from '@tensorflow/tfjs-core';
import { Layer } from './module.js';
import { activation } from './fused_ops.js';

/** x * sigmoid(x): one fused kernel where the backend has it, else primitive ops (whose
 * gradients every backend has). */
export function silu<T extends tf.Tensor>(x: T): T {
  return activation(x, 'silu');
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
    return activation(x, 'relu6');
  }
}

/** nn.Identity. */
export class Identity extends Layer {
  forward(x: tf.Tensor4D): tf.Tensor4D {
    return x;
  }
}
