/**
 * Mosaic (MMYOLO): four images (this one and three drawn from the dataset, each through
 * `pre_transform`) keep-ratio resized into the quadrants of a 2x canvas around a random
 * centre in center_ratio_range x img_scale, boxes scaled, shifted and clipped to the canvas.
 * Cache-free here: the three partners are loaded fresh, chosen by the sample's own random stream
 * (use_cached=True is mix-cache.ts).
 */
import { fullImage, pasteImage, resizeImage } from '../image.js';
import { rescaleBoxes, translateBoxes, clipBoxes, concatRows, selectRows } from '../boxes.js';
import type { Results, Transform, TransformCfg } from '../results.js';
import { Args } from '../cfg-args.js';
import { YolocError } from '../../errors.js';

type Loc = 'top_left' | 'top_right' | 'bottom_left' | 'bottom_right';

/** Paste and crop rectangles of one quadrant (MMYOLO Mosaic._mosaic_combine), as x1,y1,x2,y2. */
export function mosaicCombine(loc: Loc, cx: number, cy: number, imgW: number, imgH: number, scaleW: number, scaleH: number): { paste: number[]; crop: number[] } {
  let p: number[], c: number[];
  if (loc === 'top_left') {
    p = [Math.max(cx - imgW, 0), Math.max(cy - imgH, 0), cx, cy];
    c = [imgW - (p[2]! - p[0]!), imgH - (p[3]! - p[1]!), imgW, imgH];
  } else if (loc === 'top_right') {
    p = [cx, Math.max(cy - imgH, 0), Math.min(cx + imgW, scaleW * 2), cy];
    c = [0, imgH - (p[3]! - p[1]!), Math.min(imgW, p[2]! - p[0]!), imgH];
  } else if (loc === 'bottom_left') {
    p = [Math.max(cx - imgW, 0), cy, cx, Math.min(scaleH * 2, cy + imgH)];
    c = [imgW - (p[2]! - p[0]!), 0, imgW, Math.min(p[3]! - p[1]!, imgH)];
  } else {
    p = [cx, cy, Math.min(cx + imgW, scaleW * 2), Math.min(scaleH * 2, cy + imgH)];
    c = [0, 0, Math.min(imgW, p[2]! - p[0]!), Math.min(p[3]! - p[1]!, imgH)];
  }
  return { paste: p, crop: c };
}

/** Builds Mosaic; `build` compiles its pre_transform list. */
export function mosaic(cfg: Record<string, unknown>, build: (list: TransformCfg[]) => Transform): Transform {
  const a = new Args('Mosaic', cfg);
  const [scaleW, scaleH] = a.nums('img_scale', [640, 640], 2, true) as [number, number];
  const [cLo, cHi] = a.nums('center_ratio_range', [0.5, 1.5], 2);
  const clip = a.bool('bbox_clip_border', true);
  const padVal = a.num('pad_val', 114);
  const prob = a.num('prob', 1);
  const maxRefetch = a.num('max_refetch', 15);
  if (a.bool('use_cached', false)) throw new YolocError('YC7331', 'Mosaic: use_cached=True is built by cachedMosaic (mix-cache.ts)');
  const geo: MosaicGeometry = { scaleW, scaleH, cLo: cLo!, cHi: cHi!, clip, padVal };
  const pre = build(a.list('pre_transform') as TransformCfg[]);
  return {
    name: 'Mosaic',
    apply(r: Results): Results | null {
      if (r.rng.random() > prob) return r;
      const ds = r.dataset;
      if (!ds) throw new YolocError('YC7332', 'Mosaic needs the dataset to draw partner images (training mode)');
      let partners: Results[] | null = null;
      for (let t = 0; t < maxRefetch && !partners; t++) {
        const got: Results[] = [];
        for (let k = 0; k < 3; k++) {
          const info = ds.getDataInfo(r.rng.int(0, ds.length));
          const out = pre.apply({ ...info, rng: r.rng.fork(k) });
          if (!out) break;
          got.push(out);
        }
        if (got.length === 3) partners = got;
      }
      if (!partners) throw new YolocError('YC7332', `Mosaic: no usable partner images after ${maxRefetch} tries`);
      return mosaicMix(r, partners, geo);
    },
  };
}

/** Mosaic's settings. */
export interface MosaicGeometry {
  scaleW: number;
  scaleH: number;
  cLo: number;
  cHi: number;
  clip: boolean;
  padVal: number;
}

/** Mosaic.mix_img_transform: `r` top-left, the three partners in the other quadrants; draws the centre from r.rng. */
export function mosaicMix(r: Results, partners: Results[], g: MosaicGeometry): Results {
  const canvas = fullImage(g.scaleH * 2, g.scaleW * 2, r.img!.c, g.padVal);
  const cx = Math.trunc(r.rng.uniform(g.cLo, g.cHi) * g.scaleW);
  const cy = Math.trunc(r.rng.uniform(g.cLo, g.cHi) * g.scaleH);
  const boxes: Float32Array[] = [], labels: Int32Array[] = [], flags: Uint8Array[] = [];
  const locs: Loc[] = ['top_left', 'top_right', 'bottom_left', 'bottom_right'];
  locs.forEach((loc, i) => {
    const patch = i === 0 ? r : partners[i - 1]!;
    const src = patch.img!;
    const s = Math.min(g.scaleH / src.h, g.scaleW / src.w);
    const img = resizeImage(src, Math.trunc(src.w * s), Math.trunc(src.h * s));
    const { paste, crop } = mosaicCombine(loc, cx, cy, img.w, img.h, g.scaleW, g.scaleH);
    pasteImage(canvas, img, paste[0]!, paste[1]!, crop[0]!, crop[1]!, paste[2]! - paste[0]!, paste[3]! - paste[1]!);
    const b = patch.gt_bboxes ?? new Float32Array(0);
    boxes.push(translateBoxes(rescaleBoxes(b, s, s), paste[0]! - crop[0]!, paste[1]! - crop[1]!));
    labels.push(patch.gt_bboxes_labels ?? new Int32Array(0));
    flags.push(patch.gt_ignore_flags ?? new Uint8Array(0));
  });
  let gb = concatRows(boxes, new Float32Array(0));
  let gl = concatRows(labels, new Int32Array(0));
  let gf = concatRows(flags, new Uint8Array(0));
  if (g.clip) gb = clipBoxes(gb, 2 * g.scaleH, 2 * g.scaleW);
  else {
    // keep boxes whose area lies at least partly inside (HorizontalBoxes.is_inside)
    const keep: boolean[] = [];
    for (let i = 0; i < gb.length; i += 4) keep.push(gb[i + 2]! > 0 && gb[i + 3]! > 0 && gb[i]! < 2 * g.scaleW && gb[i + 1]! < 2 * g.scaleH);
    gb = selectRows(gb, keep, 4); gl = selectRows(gl, keep, 1); gf = selectRows(gf, keep, 1);
  }
  return { ...r, img: canvas, img_shape: [canvas.h, canvas.w], gt_bboxes: gb, gt_bboxes_labels: gl, gt_ignore_flags: gf };
}
