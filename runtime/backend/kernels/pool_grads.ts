/**
 * MaxPoolGrad with PyTorch's (and tfjs-backend-cpu's) tie rule: each output's gradient goes
 * to the FIRST maximum of its window in row-major order. SPPF chains three max pools, so the
 * second and third see plateaus of equal values and the rule decides where gradients land;
 * wasm's own kernel breaks ties differently (tests/runtime/train.test.ts caught it). Plain JS
 * over the tensors' values: the op is cheap next to the convolutions around it.
 */
import * as tf from '@tensorflow/tfjs-core';

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
type Pair = [number, number];

/** dx of y = maxPool(x) given dy, NHWC. */
export function maxPoolGrad(dy: tf.Tensor4D, x: tf.Tensor4D, filterSize: number | Pair, strides: number | Pair, pad: Pad,
  rounding?: 'floor' | 'round' | 'ceil'): tf.Tensor4D {
  const info = tf.backend_util.computePool2DInfo(x.shape, filterSize, strides, 1, pad, rounding, 'channelsLast');
  const [n, h, w, c] = x.shape;
  const xv = x.dataSync();
  const dyv = dy.dataSync();
  const dx = new Float32Array(x.size);
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const { top, left } = info.padInfo;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const r0 = oy * sh - top;
      const rLo = Math.max(r0, 0);
      const rHi = Math.min(r0 + kh, h);
      for (let ox = 0; ox < ow; ox++) {
        const c0 = ox * sw - left;
        const cLo = Math.max(c0, 0);
        const cHi = Math.min(c0 + kw, w);
        const outBase = ((b * oh + oy) * ow + ox) * c;
        for (let d = 0; d < c; d++) {
          let best = -Infinity;
          let at = -1;
          for (let r = rLo; r < rHi; r++) {
            for (let q = cLo; q < cHi; q++) {
              const i = ((b * h + r) * w + q) * c + d;
              if (xv[i]! > best) { best = xv[i]!; at = i; }
            }
          }
          if (at >= 0) dx[at] += dyv[outBase + d]!;
        }
      }
    }
  }
  return tf.tensor4d(dx, x.shape);
}
