/**
 * YOLOv5MixUp (MMYOLO): with probability `prob`, one more sample drawn from the dataset is run
 * through `pre_transform` (for YOLOv8-m/l/x: load, Mosaic, YOLOv5RandomAffine) and blended with
 * this one, img * r + other * (1 - r) truncated to uint8, r ~ Beta(alpha, beta); the boxes,
 * labels and ignore flags of both are concatenated (this sample's first). Cache-free: the
 * partner comes from the sample's own random stream.
 */
import { concatRows } from '../boxes.js';
import type { Image } from '../image.js';
import type { Results, Transform, TransformCfg } from '../results.js';
import { Args } from '../cfg-args.js';
import { YolocError } from '../../errors.js';

/** numpy's (a * r + b * (1 - r)).astype(np.uint8) on two same-shaped uint8 images (float64 arithmetic). */
export function mixImages(a: Image, b: Image, ratio: number): Image {
  if (a.h !== b.h || a.w !== b.w || a.c !== b.c) {
    throw new YolocError('YC7332', `YOLOv5MixUp: the partner image is ${b.h}x${b.w}x${b.c}, this one ${a.h}x${a.w}x${a.c} (pre_transform must give the same size)`);
  }
  const out = new Uint8Array(a.data.length);
  const q = 1 - ratio;
  for (let i = 0; i < out.length; i++) out[i] = Math.trunc(a.data[i]! * ratio + b.data[i]! * q);
  return { h: a.h, w: a.w, c: a.c, data: out };
}

/** The blend of `r` with its partner `other` at `ratio` (YOLOv5MixUp.mix_img_transform). */
export function mixResults(r: Results, other: Results, ratio: number): Results {
  const img = mixImages(r.img!, other.img!, ratio);
  return {
    ...r, img, img_shape: [img.h, img.w],
    gt_bboxes: concatRows([r.gt_bboxes ?? new Float32Array(0), other.gt_bboxes ?? new Float32Array(0)], new Float32Array(0)),
    gt_bboxes_labels: concatRows([r.gt_bboxes_labels ?? new Int32Array(0), other.gt_bboxes_labels ?? new Int32Array(0)], new Int32Array(0)),
    gt_ignore_flags: concatRows([r.gt_ignore_flags ?? new Uint8Array(0), other.gt_ignore_flags ?? new Uint8Array(0)], new Uint8Array(0)),
  };
}

/** Builds YOLOv5MixUp; `build` compiles its pre_transform list. */
export function yolov5MixUp(cfg: Record<string, unknown>, build: (list: TransformCfg[]) => Transform): Transform {
  const a = new Args('YOLOv5MixUp', cfg);
  const alpha = a.num('alpha', 32);
  const beta = a.num('beta', 32);
  const prob = a.num('prob', 1);
  const maxRefetch = a.num('max_refetch', 15);
  if (!(alpha > 0 && beta > 0)) throw new YolocError('YC7330', `YOLOv5MixUp: alpha and beta must be positive, got ${alpha}, ${beta}`);
  if (a.bool('use_cached', false)) throw new YolocError('YC7331', 'YOLOv5MixUp: use_cached=True is not supported (partners are loaded fresh, reproducibly)');
  const pre = build(a.list('pre_transform') as TransformCfg[]);
  return {
    name: 'YOLOv5MixUp',
    apply(r: Results): Results | null {
      if (r.rng.random() > prob) return r;
      const ds = r.dataset;
      if (!ds) throw new YolocError('YC7332', 'YOLOv5MixUp needs the dataset to draw a partner image (training mode)');
      let other: Results | null = null;
      for (let t = 0; t < maxRefetch && !other; t++) {
        const info = ds.getDataInfo(r.rng.int(0, ds.length));
        // the partner's pre_transform may itself mix (Mosaic): it gets the dataset too
        other = pre.apply({ ...info, rng: r.rng.fork(t), dataset: ds });
      }
      if (!other) throw new YolocError('YC7332', `YOLOv5MixUp: no usable partner image after ${maxRefetch} tries`);
      return mixResults(r, other, r.rng.beta(alpha, beta));
    },
  };
}
