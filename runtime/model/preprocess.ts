/**
 * mmdet DetDataPreprocessor: images as loaded (HWC, BGR as mmcv reads them) -> optional
 * BGR->RGB flip, (x - mean) / std, stacked and padded bottom/right with pad_value to the
 * batch's largest size rounded up to pad_size_divisor. NHWC float32 out.
 */
import * as tf from '@tensorflow/tfjs-core';
/** A config dict as JSON. */
type Dict = Record<string, unknown>;

/** DetDataPreprocessor arguments (MMYOLO's YOLOv5: mean 0, std 255, bgr_to_rgb). */
export interface PreprocessCfg {
  mean: [number, number, number];
  std: [number, number, number];
  bgrToRgb: boolean;
  padSizeDivisor: number;
  padValue: number;
}

/** One image, HWC with 3 channels in the order it was loaded (BGR for mmcv). */
export interface RawImage {
  data: Uint8Array | Float32Array;
  height: number;
  width: number;
}

/** The config's data_preprocessor dict with DetDataPreprocessor's defaults. */
export function preprocessCfgOf(cfg: Dict | undefined): PreprocessCfg {
  const three = (v: unknown, d: number): [number, number, number] =>
    Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number') ? (v as [number, number, number]) : [d, d, d];
  return {
    mean: three(cfg?.mean, 0),
    std: three(cfg?.std, 1),
    bgrToRgb: cfg?.bgr_to_rgb === true || cfg?.rgb_to_bgr === true,
    padSizeDivisor: typeof cfg?.pad_size_divisor === 'number' ? cfg.pad_size_divisor : 1,
    padValue: typeof cfg?.pad_value === 'number' ? cfg.pad_value : 0,
  };
}

/** Normalises and pads a batch; returns NHWC [B, H, W, 3] and the padded shape [H, W]. */
export function preprocess(images: RawImage[], cfg: PreprocessCfg): { input: tf.Tensor4D; batchInputShape: [number, number] } {
  const d = Math.max(1, cfg.padSizeDivisor);
  const H = Math.ceil(Math.max(...images.map((i) => i.height)) / d) * d;
  const W = Math.ceil(Math.max(...images.map((i) => i.width)) / d) * d;
  const input = tf.tidy(() => tf.stack(images.map((img) => {
    let x = tf.tensor3d(Float32Array.from(img.data), [img.height, img.width, 3]);
    if (cfg.bgrToRgb) x = tf.reverse(x, 2);
    x = tf.div(tf.sub(x, tf.tensor1d(cfg.mean)), tf.tensor1d(cfg.std));
    // Padding comes after normalisation, with pad_value, as DetDataPreprocessor does.
    return tf.pad(x, [[0, H - img.height], [0, W - img.width], [0, 0]], cfg.padValue);
  })) as tf.Tensor4D);
  return { input, batchInputShape: [H, W] };
}
