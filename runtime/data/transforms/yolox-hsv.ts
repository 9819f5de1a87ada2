/**
 * mmdet YOLOXHSVRandomAug: gains = uniform(-1, 1, 3) * (hue, saturation, value deltas), each
 * kept or zeroed by a fair coin (randint(0, 2, 3)), truncated to int16; in cv2's HSV (H 0..179)
 * h = (h + g0) mod 180, s and v clipped to [0, 255]; back to BGR. Draw order: the three uniforms,
 * then the three coins.
 */
import { bgrToHsv, hsvToBgr } from '../color.js';
import type { Results, Transform } from '../results.js';
import { Args } from '../cfg-args.js';

/** The int16 gains of one draw. */
export function yoloxHsvGains(u: [number, number, number], coins: [number, number, number], deltas: [number, number, number]): [number, number, number] {
  return u.map((x, i) => Math.trunc(x * deltas[i]! * coins[i]!)) as [number, number, number];
}

/** Builds YOLOXHSVRandomAug. */
export function yoloxHsvRandomAug(cfg: Record<string, unknown>): Transform {
  const a = new Args('YOLOXHSVRandomAug', cfg);
  const deltas: [number, number, number] = [a.num('hue_delta', 5), a.num('saturation_delta', 30), a.num('value_delta', 30)];
  return {
    name: 'YOLOXHSVRandomAug',
    apply(r: Results): Results {
      const u = [r.rng.uniform(-1, 1), r.rng.uniform(-1, 1), r.rng.uniform(-1, 1)] as [number, number, number];
      const coins = [r.rng.int(0, 2), r.rng.int(0, 2), r.rng.int(0, 2)] as [number, number, number];
      const [gh, gs, gv] = yoloxHsvGains(u, coins, deltas);
      const img = r.img!;
      const hsv = bgrToHsv(img);
      for (let i = 0; i < hsv.length; i += 3) {
        const h = (hsv[i]! + gh) % 180;
        hsv[i] = h < 0 ? h + 180 : h;
        hsv[i + 1] = Math.min(255, Math.max(0, hsv[i + 1]! + gs));
        hsv[i + 2] = Math.min(255, Math.max(0, hsv[i + 2]! + gv));
      }
      return { ...r, img: hsvToBgr(hsv, img.h, img.w) };
    },
  };
}
