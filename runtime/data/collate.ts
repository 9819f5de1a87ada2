/**
 * Batching as MMDetection's DetDataPreprocessor (and MMYOLO's YOLOv5DetDataPreprocessor for the
 * targets) do it: BGR -> RGB when bgr_to_rgb, (x - mean) / std, stacked NCHW float32, padded
 * to the batch's largest size rounded up to pad_size_divisor with pad_value; boxes become rows
 * [img_idx, label, x1, y1, x2, y2] in input pixels.
 */
import type { PackedSample, SampleMeta } from './results.js';

/** The preprocessor settings (model.data_preprocessor in the config). */
export interface PreprocessCfg {
  mean?: number[];
  std?: number[];
  bgr_to_rgb?: boolean;
  pad_size_divisor?: number;
  pad_value?: number;
}

/** One batch, ready for the model. */
export interface Batch {
  /** NCHW float32, normalised. */
  inputs: Float32Array;
  shape: [number, number, number, number];
  /** [M, 6] rows: img_idx, label, x1, y1, x2, y2 (input pixels). */
  gt: Float32Array;
  /** Ignored (crowd) boxes, same row layout; MMYOLO's loss does not use them. */
  ignored: Float32Array;
  metas: SampleMeta[];
  /** Dataset indices of the samples. */
  indices: number[];
}

/** Stacks packed samples into a Batch. */
export function collate(samples: PackedSample[], indices: number[], cfg: PreprocessCfg = {}): Batch {
  const mean = cfg.mean ?? [0, 0, 0], std = cfg.std ?? [255, 255, 255];
  const swap = cfg.bgr_to_rgb ?? true;
  const div = Math.max(1, cfg.pad_size_divisor ?? 1);
  const H = Math.ceil(Math.max(...samples.map((s) => s.h)) / div) * div;
  const W = Math.ceil(Math.max(...samples.map((s) => s.w)) / div) * div;
  const N = samples.length;
  const inputs = new Float32Array(N * 3 * H * W);
  if (cfg.pad_value) inputs.fill(cfg.pad_value);
  samples.forEach((s, n) => {
    for (let c = 0; c < 3; c++) {
      const src = swap ? 2 - c : c;
      const m = mean[c]!, sd = std[c]!;
      const plane = s.img.subarray(src * s.h * s.w, (src + 1) * s.h * s.w);
      const base = (n * 3 + c) * H * W;
      for (let y = 0; y < s.h; y++) {
        for (let x = 0; x < s.w; x++) inputs[base + y * W + x] = (plane[y * s.w + x]! - m) / sd;
      }
    }
  });
  const rows = (pick: (s: PackedSample) => [Float32Array, Int32Array]) => {
    const out: number[] = [];
    samples.forEach((s, n) => {
      const [b, l] = pick(s);
      for (let i = 0; i < l.length; i++) out.push(n, l[i]!, b[i * 4]!, b[i * 4 + 1]!, b[i * 4 + 2]!, b[i * 4 + 3]!);
    });
    return Float32Array.from(out);
  };
  return {
    inputs, shape: [N, 3, H, W],
    gt: rows((s) => [s.gt_bboxes, s.gt_labels]),
    ignored: rows((s) => [s.ignored_bboxes, s.ignored_labels]),
    metas: samples.map((s) => s.meta),
    indices,
  };
}
