/**
 * YOLOv5RandomAffine (MMYOLO): warp = translate @ shear @ rotate @ scale @ centre, the output
 * sized image + 2*border; boxes' corners projected, clipped, and filtered by size (> min_bbox_size),
 * kept area ratio (> min_area_ratio against the box scaled by the same ratio) and aspect ratio
 * (< max_aspect_ratio). Random draws in MMYOLO's order: rotation, scale, shear x, shear y,
 * translate x, translate y. MMYOLO warps with cv2.warpPerspective; the matrix's last row is
 * [0, 0, 1], so warpAffine's inverse map is the same sampling.
 */
import { warpAffine } from '../image.js';
import { projectBoxes, clipBoxes, rescaleBoxes, selectRows } from '../boxes.js';
import type { Results, Transform } from '../results.js';
import { Args } from '../cfg-args.js';

type M3 = number[];

/** 3x3 row-major product a @ b. */
export function matmul3(a: M3, b: M3): M3 {
  const o = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) o[i * 3 + j]! += a[i * 3 + k]! * b[k * 3 + j]!;
  return o.map((v) => Math.fround(v)); // MMYOLO keeps these matrices in float32
}

/** The affine parameters one sample drew. */
export interface AffineDraw {
  rotate: number; scale: number; shearX: number; shearY: number; tx: number; ty: number;
}

/** The warp matrix for given draws, an input of (h, w) and an output of (outH, outW). */
export function affineMatrix(d: AffineDraw, h: number, w: number): M3 {
  const f = Math.fround;
  const r = (d.rotate * Math.PI) / 180;
  const rot = [f(Math.cos(r)), f(-Math.sin(r)), 0, f(Math.sin(r)), f(Math.cos(r)), 0, 0, 0, 1];
  const sc = [f(d.scale), 0, 0, 0, f(d.scale), 0, 0, 0, 1];
  const sh = [1, f(Math.tan((d.shearX * Math.PI) / 180)), 0, f(Math.tan((d.shearY * Math.PI) / 180)), 1, 0, 0, 0, 1];
  const tr = [1, 0, f(d.tx), 0, 1, f(d.ty), 0, 0, 1];
  const centre = [1, 0, f(-w / 2), 0, 1, f(-h / 2), 0, 0, 1];
  return matmul3(matmul3(matmul3(matmul3(tr, sh), rot), sc), centre);
}

/** Which warped boxes survive (YOLOv5RandomAffine.filter_gt_bboxes). */
export function filterAffineBoxes(orig: Float32Array, warped: Float32Array, minSize: number, minArea: number, maxAspect: number): boolean[] {
  const keep: boolean[] = [];
  for (let i = 0; i < warped.length; i += 4) {
    const ow = orig[i + 2]! - orig[i]!, oh = orig[i + 3]! - orig[i + 1]!;
    const ww = warped[i + 2]! - warped[i]!, wh = warped[i + 3]! - warped[i + 1]!;
    const aspect = Math.max(ww / (wh + 1e-16), wh / (ww + 1e-16));
    keep.push(ww > minSize && wh > minSize && (ww * wh) / (ow * oh + 1e-16) > minArea && aspect < maxAspect);
  }
  return keep;
}

/** Builds YOLOv5RandomAffine. */
export function yolov5RandomAffine(cfg: Record<string, unknown>): Transform {
  const a = new Args('YOLOv5RandomAffine', cfg);
  const maxRotate = a.num('max_rotate_degree', 10);
  const maxTranslate = a.num('max_translate_ratio', 0.1);
  const [sLo, sHi] = a.nums('scaling_ratio_range', [0.5, 1.5], 2);
  const maxShear = a.num('max_shear_degree', 2);
  const border = a.nums('border', [0, 0], 2);
  const borderVal = a.nums('border_val', [114, 114, 114], 3, true);
  const clip = a.bool('bbox_clip_border', true);
  const minSize = a.num('min_bbox_size', 2);
  const minArea = a.num('min_area_ratio', 0.1);
  const maxAspect = a.num('max_aspect_ratio', 20);
  return {
    name: 'YOLOv5RandomAffine',
    apply(r: Results): Results {
      const img = r.img!;
      const outH = img.h + border[1]! * 2, outW = img.w + border[0]! * 2;
      const rng = r.rng;
      const d: AffineDraw = {
        rotate: rng.uniform(-maxRotate, maxRotate),
        scale: rng.uniform(sLo!, sHi!),
        shearX: rng.uniform(-maxShear, maxShear),
        shearY: rng.uniform(-maxShear, maxShear),
        tx: rng.uniform(0.5 - maxTranslate, 0.5 + maxTranslate) * outW,
        ty: rng.uniform(0.5 - maxTranslate, 0.5 + maxTranslate) * outH,
      };
      const m = affineMatrix(d, img.h, img.w);
      const warped = warpAffine(img, m.slice(0, 6), outW, outH, borderVal);
      const res: Results = { ...r, img: warped, img_shape: [outH, outW] };
      const boxes = r.gt_bboxes;
      if (boxes && boxes.length) {
        let b = projectBoxes(boxes, m);
        if (clip) b = clipBoxes(b, outH, outW);
        const keep = filterAffineBoxes(rescaleBoxes(boxes, d.scale, d.scale), b, minSize, minArea, maxAspect);
        res.gt_bboxes = selectRows(b, keep, 4);
        res.gt_bboxes_labels = selectRows(r.gt_bboxes_labels ?? new Int32Array(keep.length), keep, 1);
        res.gt_ignore_flags = selectRows(r.gt_ignore_flags ?? new Uint8Array(keep.length), keep, 1);
      }
      return res;
    },
  };
}
