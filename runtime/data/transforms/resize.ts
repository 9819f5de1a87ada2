/**
 * mmdet Resize and mmcv RandomResize (resize_type 'Resize' / 'mmdet.Resize'). Resize with
 * keep_ratio rescales as mmcv.imrescale: factor = min(long edge / long side, short edge / short
 * side) of `scale` (w, h), new size int(x * factor + 0.5), bilinear; without keep_ratio it
 * resizes to `scale` exactly. scale_factor = (new_w / w, new_h / h); boxes scaled and, with
 * clip_object_border, clipped. RandomResize draws the target scale per sample: with a scale tuple
 * and ratio_range, ratio = uniform(lo, hi) and scale = (int(w * ratio), int(h * ratio)); with two
 * scale tuples, each edge uniformly among the integers between them (width first).
 */
import { resizeImage } from '../image.js';
import { clipBoxes, rescaleBoxes } from '../boxes.js';
import type { Results, Transform } from '../results.js';
import { Args } from '../cfg-args.js';
import { YolocError } from '../../errors.js';

/** mmcv.rescale_size: the (w, h) an image of (w, h) gets when keep-ratio rescaled to `scale`. */
export function rescaleSize(w: number, h: number, scale: [number, number]): [number, number] {
  const longEdge = Math.max(scale[0], scale[1]), shortEdge = Math.min(scale[0], scale[1]);
  const f = Math.min(longEdge / Math.max(h, w), shortEdge / Math.min(h, w));
  return [Math.trunc(w * f + 0.5), Math.trunc(h * f + 0.5)];
}

/** Resizes a sample to `scale` (w, h) as mmdet Resize. */
export function resizeTo(r: Results, scale: [number, number], keepRatio: boolean, clip: boolean): Results {
  const img = r.img!;
  const [nw, nh] = keepRatio ? rescaleSize(img.w, img.h, scale) : [scale[0], scale[1]];
  if (nw <= 0 || nh <= 0) throw new YolocError('YC7320', `Resize: cannot resize a ${img.w}x${img.h} image to ${nw}x${nh}`);
  const out = resizeImage(img, nw, nh, 'bilinear');
  const sf: [number, number] = [nw / img.w, nh / img.h];
  const res: Results = { ...r, img: out, img_shape: [nh, nw], scale_factor: sf };
  if (r.gt_bboxes) {
    const b = rescaleBoxes(r.gt_bboxes, sf[0], sf[1]);
    res.gt_bboxes = clip ? clipBoxes(b, nh, nw) : b;
  }
  return res;
}

function resizeArgs(a: Args): { keepRatio: boolean; clip: boolean } {
  const interp = a.str('interpolation', 'bilinear');
  if (interp !== 'bilinear') throw new YolocError('YC7331', `${a.owner}: interpolation '${interp}' is not supported (only 'bilinear')`);
  const backend = a.str('backend', 'cv2');
  if (backend !== 'cv2') throw new YolocError('YC7331', `${a.owner}: backend '${backend}' is not supported (only 'cv2')`);
  return { keepRatio: a.bool('keep_ratio', false), clip: a.bool('clip_object_border', true) };
}

/** Builds mmdet Resize (a fixed `scale`, or `scale_factor`). */
export function resize(cfg: Record<string, unknown>): Transform {
  const a = new Args('Resize', cfg);
  const { keepRatio, clip } = resizeArgs(a);
  const scale = cfg.scale === undefined || cfg.scale === null ? null : a.nums('scale', [0, 0], 2, true) as [number, number];
  const factor = cfg.scale_factor === undefined || cfg.scale_factor === null ? null : a.nums('scale_factor', [1, 1], 2, true);
  if (!scale && !factor) throw new YolocError('YC7330', 'Resize: scale and scale_factor can not both be None');
  return {
    name: 'Resize',
    apply(r: Results): Results {
      // _scale_size: int(w * f + 0.5), int(h * f + 0.5)
      const s: [number, number] = scale ?? [Math.trunc(r.img!.w * factor![0]! + 0.5), Math.trunc(r.img!.h * factor![1]! + 0.5)];
      return resizeTo(r, s, keepRatio, clip);
    },
  };
}

/** Builds mmcv RandomResize with an mmdet Resize inside. */
export function randomResize(cfg: Record<string, unknown>): Transform {
  const a = new Args('RandomResize', cfg);
  const type = a.str('resize_type', 'Resize');
  if (!/^(mmdet\.)?Resize$/.test(type)) throw new YolocError('YC7331', `RandomResize: resize_type '${type}' is not supported (only 'Resize' / 'mmdet.Resize')`);
  const { keepRatio, clip } = resizeArgs(a);
  for (const k of Object.keys(cfg)) {
    if (!['type', '_scope_', 'scale', 'ratio_range', 'resize_type', 'keep_ratio', 'clip_object_border', 'interpolation', 'backend'].includes(k)) {
      throw new YolocError('YC7331', `RandomResize: argument '${k}' is not supported`);
    }
  }
  const raw = cfg.scale;
  const pair = (v: unknown) => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number');
  let draw: (r: Results) => [number, number];
  if (pair(raw)) {
    const [sw, sh] = raw as [number, number];
    const [lo, hi] = a.nums('ratio_range', [NaN, NaN], 2);
    if (!(lo! <= hi!)) throw new YolocError('YC7330', 'RandomResize: a single scale needs ratio_range (lo, hi) with lo <= hi');
    draw = (r) => {
      const ratio = r.rng.random() * (hi! - lo!) + lo!;
      return [Math.trunc(sw * ratio), Math.trunc(sh * ratio)];
    };
  } else if (Array.isArray(raw) && raw.length === 2 && raw.every(pair)) {
    const [[w0, h0], [w1, h1]] = raw as [[number, number], [number, number]];
    draw = (r) => [r.rng.int(Math.min(w0, w1), Math.max(w0, w1) + 1), r.rng.int(Math.min(h0, h1), Math.max(h0, h1) + 1)];
  } else {
    throw new YolocError('YC7330', `RandomResize: scale must be (w, h) or two (w, h) tuples, got ${JSON.stringify(raw)}`);
  }
  return {
    name: 'RandomResize',
    apply: (r) => resizeTo(r, draw(r), keepRatio, clip),
  };
}
