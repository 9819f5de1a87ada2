/**
 * YOLOv5KeepRatioResize (MMYOLO): scales so the long side fits `scale` (ratio = min of
 * long/long and short/short edges), 'area' when shrinking, 'bilinear' when enlarging; new
 * size int(x * ratio) (truncated, as MMYOLO's _resize_img); scale_factor = (new_w/w, new_h/h);
 * boxes rescaled and clipped to the image (MMDetection's Resize._resize_bboxes).
 */
import { resizeImage } from '../image.js';
import { rescaleBoxes, clipBoxes } from '../boxes.js';
import type { Results, Transform } from '../results.js';
import { Args } from '../cfg-args.js';
import { YolocError } from '../../errors.js';

/** The rescale ratio of YOLOv5KeepRatioResize for an (h, w) image and a (w, h) scale. */
export function keepRatio(h: number, w: number, scale: [number, number]): number {
  const longEdge = Math.max(scale[0], scale[1]), shortEdge = Math.min(scale[0], scale[1]);
  return Math.min(longEdge / Math.max(h, w), shortEdge / Math.min(h, w));
}

/** Builds YOLOv5KeepRatioResize. */
export function yolov5KeepRatioResize(cfg: Record<string, unknown>): Transform {
  const a = new Args('YOLOv5KeepRatioResize', cfg);
  const scale = a.nums('scale', [640, 640], 2, true) as [number, number];
  if (!a.bool('keep_ratio', true)) throw new YolocError('YC7331', 'YOLOv5KeepRatioResize: keep_ratio must be True');
  return {
    name: 'YOLOv5KeepRatioResize',
    apply(r: Results): Results {
      const img = r.img!;
      const ratio = keepRatio(img.h, img.w, scale);
      let out = img;
      if (ratio !== 1) {
        const nw = Math.trunc(img.w * ratio), nh = Math.trunc(img.h * ratio);
        out = resizeImage(img, nw, nh, ratio < 1 ? 'area' : 'bilinear');
      }
      const sf: [number, number] = [out.w / img.w, out.h / img.h];
      const res: Results = { ...r, img: out, img_shape: [out.h, out.w], scale_factor: sf };
      if (r.gt_bboxes) res.gt_bboxes = clipBoxes(rescaleBoxes(r.gt_bboxes, sf[0], sf[1]), out.h, out.w);
      return res;
    },
  };
}
