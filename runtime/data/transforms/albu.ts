/**
 * Albu (mmdet) with the albumentations transforms the YOLOv5 configs use, each applied with
 * its own probability p: Blur (odd k in blur_limit, box filter), MedianBlur, ToGray (replicated
 * to 3 channels), CLAHE (clip in [1, clip_limit], 8x8 tiles). Pixel-only, so boxes pass through.
 * CLAHE equalises a luminance plane and shifts every channel by its change, an approximation
 * of albumentations' LAB L-channel CLAHE.
 */
import { boxBlur, medianBlur, grayOf, clahePlane } from '../color.js';
import type { Image } from '../image.js';
import type { Results, Transform } from '../results.js';
import { Args } from '../cfg-args.js';
import { YolocError } from '../../errors.js';
import type { Rng } from '../rng.js';

type Op = { p: number; run: (img: Image, rng: Rng) => Image };

function limits(a: Args, key: string, dflt: number): [number, number] {
  const v = a.cfg[key];
  if (Array.isArray(v)) return a.nums(key, [3, dflt], 2) as [number, number];
  return [3, a.num(key, dflt)];
}

function oddIn(rng: Rng, lo: number, hi: number): number {
  const ks: number[] = [];
  for (let k = lo; k <= hi; k += 2) ks.push(k);
  return ks[rng.int(0, ks.length)]!;
}

function op(cfg: Record<string, unknown>): Op {
  const type = String(cfg.type);
  const a = new Args(type, cfg);
  const p = a.num('p', 0.5);
  switch (type) {
    case 'Blur': {
      const [lo, hi] = limits(a, 'blur_limit', 7);
      return { p, run: (img, rng) => boxBlur(img, oddIn(rng, lo, hi)) };
    }
    case 'MedianBlur': {
      const [lo, hi] = limits(a, 'blur_limit', 7);
      return { p, run: (img, rng) => medianBlur(img, oddIn(rng, lo, hi)) };
    }
    case 'ToGray':
      return {
        p, run: (img) => {
          const g = grayOf(img);
          const data = new Uint8Array(img.data.length);
          for (let i = 0; i < g.length; i++) data[i * 3] = data[i * 3 + 1] = data[i * 3 + 2] = g[i]!;
          return { ...img, data };
        },
      };
    case 'CLAHE': {
      const v = cfg.clip_limit;
      const [lo, hi] = Array.isArray(v) ? a.nums('clip_limit', [1, 4], 2) : [1, a.num('clip_limit', 4)];
      const [gx, gy] = a.nums('tile_grid_size', [8, 8], 2);
      return {
        p, run: (img, rng) => {
          const clip = rng.uniform(lo!, hi!);
          const y = grayOf(img);
          const y2 = clahePlane(y, img.w, img.h, clip, gx, gy);
          const data = new Uint8Array(img.data.length);
          for (let i = 0; i < y.length; i++) {
            const d = y2[i]! - y[i]!;
            for (let k = 0; k < 3; k++) data[i * 3 + k] = Math.min(255, Math.max(0, img.data[i * 3 + k]! + d));
          }
          return { ...img, data };
        },
      };
    }
    default:
      throw new YolocError('YC7333', `Albu: the albumentations transform '${type}' is not supported (have Blur, MedianBlur, ToGray, CLAHE)`);
  }
}

/** Builds Albu from its `transforms` list; bbox_params and keymap are accepted (boxes are untouched). */
export function albu(cfg: Record<string, unknown>): Transform {
  const ops = new Args('Albu', cfg).list('transforms').map(op);
  return {
    name: 'Albu',
    apply(r: Results): Results {
      let img = r.img!;
      for (const o of ops) if (r.rng.random() < o.p) img = o.run(img, r.rng);
      return img === r.img ? r : { ...r, img };
    },
  };
}
