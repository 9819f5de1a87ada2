/**
 * Convolution gradients for backends that lack them (wasm has no Conv2DBackpropFilter and no
 * depthwise backprops), written as forward convolutions the backend does have:
 * - filter gradients: a convolution of the (transposed) input with dy as the filter, dilated
 *   by the stride, which yields exactly the kh x kw filter window;
 * - depthwise input gradient: dy dilated by the stride, padded, correlated with the flipped
 *   filter. NHWC, channel multiplier 1 (all our depthwise convs).
 */
import * as tf from '@tensorflow/tfjs-core';

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;
type Pair = [number, number];

/** x padded by the conv's own padding and cut to exactly the rows/cols the windows read. */
function windowInput(x: tf.Tensor4D, info: tf.backend_util.Conv2DInfo): tf.Tensor4D {
  const { top, bottom, left, right } = info.padInfo;
  const hNeed = info.filterHeight + (info.outHeight - 1) * info.strideHeight;
  const wNeed = info.filterWidth + (info.outWidth - 1) * info.strideWidth;
  const xp = tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]);
  return tf.slice(xp, [0, 0, 0, 0], [x.shape[0], hNeed, wNeed, x.shape[3]]);
}

/** Conv2DBackpropFilter: dW[a,b,ci,co] = sum_{n,i,j} xpad[n, i*sh+a, j*sw+b, ci] dy[n,i,j,co]. */
export function conv2dBackpropFilter(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: number[], strides: number | Pair, pad: Pad, rounding?: Rounding): tf.Tensor4D {
  return tf.tidy(() => {
    const info = tf.backend_util.computeConv2DInfo(x.shape, filterShape as [number, number, number, number], strides, 1, pad, rounding, false, 'channelsLast');
    const xt = tf.transpose(windowInput(x, info), [3, 1, 2, 0]); // [Ci, H, W, N]
    const f = tf.transpose(dy, [1, 2, 0, 3]); // [oH, oW, N, Co]
    const r = tf.conv2d(xt, f, 1, 'valid', 'NHWC', [info.strideHeight, info.strideWidth]); // [Ci, kh, kw, Co]
    return tf.transpose(r, [1, 2, 0, 3]);
  });
}

/** DepthwiseConv2dNativeBackpropFilter for channel multiplier 1, the same trick per channel. */
export function depthwiseBackpropFilter(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: number[], strides: number | Pair, pad: Pad, rounding?: Rounding): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, c, m] = filterShape as [number, number, number, number];
    if (m !== 1) throw new Error(`depthwise filter gradient: channel multiplier ${m} is not supported`);
    const info = tf.backend_util.computeConv2DInfo(x.shape, [kh, kw, c, m], strides, 1, pad, rounding, true, 'channelsLast');
    const n = x.shape[0];
    const xw = windowInput(x, info);
    const xt = tf.reshape(tf.transpose(xw, [1, 2, 0, 3]), [1, xw.shape[1], xw.shape[2], n * c]);
    const f = tf.reshape(tf.transpose(dy, [1, 2, 0, 3]), [info.outHeight, info.outWidth, n * c, 1]);
    const r = tf.depthwiseConv2d(xt as tf.Tensor4D, f as tf.Tensor4D, 1, 'valid', 'NHWC', [info.strideHeight, info.strideWidth]); // [1, kh, kw, N*C]
    return tf.reshape(tf.sum(tf.reshape(r, [kh, kw, n, c]), 2), [kh, kw, c, 1]) as tf.Tensor4D;
  });
}

/** dy [N,oH,oW,C] with stride-1 zeros between rows and columns: [N,(oH-1)*sh+1,(oW-1)*sw+1,C]. */
function dilate(dy: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  if (sh === 1 && sw === 1) return dy;
  const [n, h, w, c] = dy.shape;
  const e = tf.pad(tf.reshape(dy, [n, h, 1, w, 1, c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
  return tf.slice(tf.reshape(e, [n, h * sh, w * sw, c]) as tf.Tensor4D, [0, 0, 0, 0], [n, (h - 1) * sh + 1, (w - 1) * sw + 1, c]);
}

/** DepthwiseConv2dNativeBackpropInput for channel multiplier 1. */
export function depthwiseBackpropInput(inputShape: number[], dy: tf.Tensor4D, filter: tf.Tensor4D, strides: number | Pair, pad: Pad, rounding?: Rounding): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, c, m] = filter.shape;
    if (m !== 1) throw new Error(`depthwise input gradient: channel multiplier ${m} is not supported`);
    const shape = inputShape as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(shape, filter.shape, strides, 1, pad, rounding, true, 'channelsLast');
    const d = dilate(dy, info.strideHeight, info.strideWidth);
    const [, inH, inW] = shape;
    const top = kh - 1 - info.padInfo.top;
    const left = kw - 1 - info.padInfo.left;
    const bottom = inH + kh - 1 - top - d.shape[1];
    const right = inW + kw - 1 - left - d.shape[2];
    // Negative pads (windows that never reach the input's end) become crops.
    const padded = tf.pad(d, [[0, 0], [Math.max(top, 0), Math.max(bottom, 0)], [Math.max(left, 0), Math.max(right, 0)], [0, 0]]);
    const cropped = tf.slice(padded, [0, Math.max(-top, 0), Math.max(-left, 0), 0],
      [shape[0], inH + kh - 1, inW + kw - 1, c]);
    const flipped = tf.reverse(filter, [0, 1]);
    return tf.depthwiseConv2d(cropped, flipped, 1, 'valid', 'NHWC');
  });
}

