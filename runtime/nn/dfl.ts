/**
 * Distribution Focal Loss's integral (GFL / YOLOv8): each of the four box sides is predicted as
 * reg_max logits over the distances 0..reg_max-1; the distance is their softmax expectation,
 * softmax(logits) @ [0, 1, ..., reg_max-1] (PyTorch: dist.softmax(3).matmul(proj.view(-1, 1))).
 */
import * as tf from '@tensorflow/tfjs-core';

/** [N, H, W, 4*regMax] logits (channel side*regMax + bin) -> [N, H, W, 4] expected distances. */
export function dflExpectation(dist: tf.Tensor4D, regMax: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = dist.shape;
    if (c !== 4 * regMax) throw new RangeError(`DFL: ${c} channels for reg_max ${regMax}`);
    const p = tf.softmax(tf.reshape(dist, [n * h * w * 4, regMax]));
    const proj = tf.reshape(tf.range(0, regMax, 1, 'float32'), [regMax, 1]);
    return tf.reshape(tf.matMul(p, proj), [n, h, w, 4]);
  });
}
