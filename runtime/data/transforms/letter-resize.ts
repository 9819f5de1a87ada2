/**
 * LetterResize (MMYOLO): fit into `scale` (or the sample's `batch_shape`), never enlarging
 * unless allow_scale_up, then pad to the target with top = pad_h // 2, left = pad_w // 2.
 * pad_param = [top, bottom, left, right]; scale_factor and pad_param compose with an earlier
 * resize's (scale_factor multiplies, pad_param adds), as MMYOLO's transform() does.
 */
import { resizeImage, padImage } from '../image.js';
import { rescaleBoxes, translateBoxes, clipBoxes } from '../boxes.js';
import type { Results, Transform } from '../results.js';
import { Args } from '../cfg-args.js';

/** The letterbox geometry: resized (h, w), scale_factor (w, h) and padding [top, bottom, left, right]. */
export function letterGeometry(h: number, w: number, target: [number, number], allowScaleUp: boolean, useMiniPad = false): {
  size: [number, number]; scaleFactor: [number, number]; pad: [number, number, number, number]; ratio: number;
} {
  let ratio = Math.min(target[0] / h, target[1] / w);
  if (!allowScaleUp) ratio = Math.min(ratio, 1);
  const nh = pyRound(h * ratio), nw = pyRound(w * ratio);
  let padH = target[0] - nh, padW = target[1] - nw;
  if (useMiniPad) { padH = mod(padH, 32); padW = mod(padW, 32); }
  const top = pyRound(Math.floor(padH / 2) - 0.1), left = pyRound(Math.floor(padW / 2) - 0.1);
  return { size: [nh, nw], scaleFactor: [nw / w, nh / h], pad: [top, padH - top, left, padW - left], ratio };
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/** Python 3 round(): half to even. */
export function pyRound(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Builds LetterResize. */
export function letterResize(cfg: Record<string, unknown>): Transform {
  const a = new Args('LetterResize', cfg);
  const scale = a.nums('scale', [640, 640], 2, true) as [number, number]; // (w, h)
  const allowScaleUp = a.bool('allow_scale_up', true);
  const useMiniPad = a.bool('use_mini_pad', false);
  const clip = a.bool('clip_object_border', true);
  const pv = cfg.pad_val;
  const padVal = pv && typeof pv === 'object' && !Array.isArray(pv) ? Number((pv as Record<string, unknown>).img ?? 0) : typeof pv === 'number' ? pv : 0;
  return {
    name: 'LetterResize',
    apply(r: Results): Results {
      const img = r.img!;
      const target: [number, number] = r.batch_shape ?? [scale[1], scale[0]];
      const g = letterGeometry(img.h, img.w, target, allowScaleUp, useMiniPad);
      let out = img;
      if (g.size[0] !== img.h || g.size[1] !== img.w) out = resizeImage(img, g.size[1], g.size[0], 'bilinear');
      const [top, bottom, left, right] = g.pad;
      if (top || bottom || left || right) out = padImage(out, left, top, right, bottom, padVal);
      const pad = Float32Array.from(g.pad);
      const res: Results = { ...r, img: out, img_shape: [out.h, out.w], scale_factor: g.scaleFactor, pad_param: pad };
      if (r.gt_bboxes) {
        let b = rescaleBoxes(r.gt_bboxes, g.scaleFactor[0], g.scaleFactor[1]);
        b = translateBoxes(b, pad[2]!, pad[0]!);
        res.gt_bboxes = clip ? clipBoxes(b, out.h, out.w) : b;
      }
      if (r.scale_factor) res.scale_factor = [g.scaleFactor[0] * r.scale_factor[0], g.scaleFactor[1] * r.scale_factor[1]];
      if (r.pad_param) {
        // MMYOLO: pad_param_origin = old pad_param * ratio, added to the new one
        for (let i = 0; i < 4; i++) pad[i] = pad[i]! + r.pad_param[i]! * g.ratio;
      }
      return res;
    },
  };
}
