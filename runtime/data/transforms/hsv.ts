/**
 * YOLOv5HSVRandomAug (MMYOLO): gains = uniform(-1, 1, 3) * [hue, sat, val] + 1, applied
 * through 256-entry tables in HSV space (hue modulo 180, sat/val clipped to 255, truncated
 * to uint8 as numpy's astype does), then back to BGR.
 */
import { bgrToHsv, hsvToBgr } from '../color.js';
import type { Results, Transform } from '../results.js';
import { Args } from '../cfg-args.js';

/** The three lookup tables for given gains. */
export function hsvTables(gains: [number, number, number]): [Uint8Array, Uint8Array, Uint8Array] {
  const hue = new Uint8Array(256), sat = new Uint8Array(256), val = new Uint8Array(256);
  for (let x = 0; x < 256; x++) {
    const hm = (x * gains[0]) % 180;
    hue[x] = Math.trunc(hm < 0 ? hm + 180 : hm);
    sat[x] = Math.trunc(Math.min(255, Math.max(0, x * gains[1])));
    val[x] = Math.trunc(Math.min(255, Math.max(0, x * gains[2])));
  }
  return [hue, sat, val];
}

/** Builds YOLOv5HSVRandomAug. */
export function yolov5HsvRandomAug(cfg: Record<string, unknown>): Transform {
  const a = new Args('YOLOv5HSVRandomAug', cfg);
  const deltas = [a.num('hue_delta', 0.015), a.num('saturation_delta', 0.7), a.num('value_delta', 0.4)];
  return {
    name: 'YOLOv5HSVRandomAug',
    apply(r: Results): Results {
      const img = r.img!;
      const g = deltas.map((d) => r.rng.uniform(-1, 1) * d + 1) as [number, number, number];
      const [th, ts, tv] = hsvTables(g);
      const hsv = bgrToHsv(img);
      for (let i = 0; i < hsv.length; i += 3) {
        hsv[i] = th[hsv[i]!]!; hsv[i + 1] = ts[hsv[i + 1]!]!; hsv[i + 2] = tv[hsv[i + 2]!]!;
      }
      return { ...r, img: hsvToBgr(hsv, img.h, img.w) };
    },
  };
}
