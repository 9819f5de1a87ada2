/**
 * mmdet RandomCrop: crop_size is (h, w) (the RTMDet configs pass their (w, h) img_scale, square);
 * 'absolute' crops (min(ch, h), min(cw, w)) at offsets drawn uniformly in [0, margin] (height
 * first); boxes translated, clipped (bbox_clip_border) and kept when still inside
 * (x1 < w, y1 < h, x2 > 0, y2 > 0). With no box left (or none to begin with) and
 * allow_negative_crop False the sample is dropped (the dataset draws another), as mmdet returns None.
 */
import type { Image } from '../image.js';
import { clipBoxes, selectRows, translateBoxes } from '../boxes.js';
import type { Results, Transform } from '../results.js';
import { Args } from '../cfg-args.js';
import { YolocError } from '../../errors.js';

/** img[y1:y1+h, x1:x1+w]. */
export function cropImage(img: Image, x1: number, y1: number, w: number, h: number): Image {
  const out = new Uint8Array(w * h * img.c);
  for (let y = 0; y < h; y++) {
    const s = ((y1 + y) * img.w + x1) * img.c;
    out.set(img.data.subarray(s, s + w * img.c), y * w * img.c);
  }
  return { h, w, c: img.c, data: out };
}

/** Builds RandomCrop. */
export function randomCrop(cfg: Record<string, unknown>): Transform {
  const a = new Args('RandomCrop', cfg);
  const type = a.str('crop_type', 'absolute');
  const size = a.nums('crop_size', [NaN, NaN], 2);
  const allowNegative = a.bool('allow_negative_crop', false);
  const clip = a.bool('bbox_clip_border', true);
  if (a.bool('recompute_bbox', false)) throw new YolocError('YC7331', 'RandomCrop: recompute_bbox=True needs masks (not supported)');
  if (type === 'absolute' || type === 'absolute_range') {
    if (!size.every((x) => Number.isInteger(x) && x > 0)) throw new YolocError('YC7330', `RandomCrop: crop_size must be two positive integers for '${type}'`);
  } else if (type === 'relative' || type === 'relative_range') {
    if (!size.every((x) => x > 0 && x <= 1)) throw new YolocError('YC7330', `RandomCrop: crop_size must lie in (0, 1] for '${type}'`);
  } else {
    throw new YolocError('YC7330', `RandomCrop: invalid crop_type '${type}'`);
  }
  const cropSize = (r: Results, h: number, w: number): [number, number] => {
    if (type === 'absolute') return [Math.min(size[0]!, h), Math.min(size[1]!, w)];
    if (type === 'absolute_range') {
      return [r.rng.int(Math.min(h, size[0]!), Math.min(h, size[1]!) + 1), r.rng.int(Math.min(w, size[0]!), Math.min(w, size[1]!) + 1)];
    }
    if (type === 'relative') return [Math.trunc(h * size[0]! + 0.5), Math.trunc(w * size[1]! + 0.5)];
    const ch = Math.fround(size[0]!) + r.rng.random() * (1 - Math.fround(size[0]!));
    const cw = Math.fround(size[1]!) + r.rng.random() * (1 - Math.fround(size[1]!));
    return [Math.trunc(h * ch + 0.5), Math.trunc(w * cw + 0.5)];
  };
  return {
    name: 'RandomCrop',
    apply(r: Results): Results | null {
      const img = r.img!;
      const [ch, cw] = cropSize(r, img.h, img.w);
      const offH = r.rng.int(0, Math.max(img.h - ch, 0) + 1);
      const offW = r.rng.int(0, Math.max(img.w - cw, 0) + 1);
      const out = cropImage(img, offW, offH, Math.min(cw, img.w - offW), Math.min(ch, img.h - offH));
      const res: Results = { ...r, img: out, img_shape: [out.h, out.w] };
      if (r.gt_bboxes) {
        let b = translateBoxes(r.gt_bboxes, -offW, -offH);
        if (clip) b = clipBoxes(b, out.h, out.w);
        const keep: boolean[] = [];
        for (let i = 0; i < b.length; i += 4) keep.push(b[i]! < out.w && b[i + 1]! < out.h && b[i + 2]! > 0 && b[i + 3]! > 0);
        if (!keep.some(Boolean) && !allowNegative) return null;
        res.gt_bboxes = selectRows(b, keep, 4);
        if (r.gt_ignore_flags) res.gt_ignore_flags = selectRows(r.gt_ignore_flags, keep, 1);
        if (r.gt_bboxes_labels) res.gt_bboxes_labels = selectRows(r.gt_bboxes_labels, keep, 1);
      }
      return res;
    },
  };
}
