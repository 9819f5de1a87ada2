/**
 * mmdet Pad (mmcv Pad): pads the image at the bottom and right with a constant, to `size` (w, h),
 * to the next multiple of `size_divisor`, or to a square (pad_to_square, then size_divisor);
 * boxes are unchanged. pad_val: a number or dict(img=...), a number per channel allowed.
 */
import { padImage } from '../image.js';
import type { Results, Transform } from '../results.js';
import { Args } from '../cfg-args.js';
import { YolocError } from '../../errors.js';

/** Builds Pad. */
export function pad(cfg: Record<string, unknown>): Transform {
  const a = new Args('Pad', cfg);
  const size = cfg.size === undefined || cfg.size === null ? null : a.nums('size', [0, 0], 2, true);
  const divisor = cfg.size_divisor === undefined || cfg.size_divisor === null ? null : a.num('size_divisor', 1);
  const square = a.bool('pad_to_square', false);
  const mode = a.str('padding_mode', 'constant');
  if (mode !== 'constant') throw new YolocError('YC7331', `Pad: padding_mode '${mode}' is not supported (only 'constant')`);
  if (square ? size !== null : (size === null) === (divisor === null)) {
    throw new YolocError('YC7330', 'Pad: give exactly one of size and size_divisor (size must be None with pad_to_square)');
  }
  const pv = cfg.pad_val;
  let value: number | number[] = 0;
  const img = pv !== null && typeof pv === 'object' && !Array.isArray(pv) ? (pv as Record<string, unknown>).img ?? 0 : pv ?? 0;
  if (typeof img === 'number') value = img;
  else if (Array.isArray(img) && img.every((x) => typeof x === 'number')) value = img as number[];
  else throw new YolocError('YC7330', `Pad: pad_val must be a number, a tuple or dict(img=...), got ${JSON.stringify(pv)}`);
  return {
    name: 'Pad',
    apply(r: Results): Results {
      const im = r.img!;
      let th: number, tw: number;
      if (square) th = tw = Math.max(im.h, im.w);
      else if (size) [tw, th] = [size[0]!, size[1]!];
      else [th, tw] = [im.h, im.w];
      if (divisor) [th, tw] = [Math.ceil(th / divisor) * divisor, Math.ceil(tw / divisor) * divisor];
      if (th < im.h || tw < im.w) throw new YolocError('YC7320', `Pad: the ${im.w}x${im.h} image is larger than the pad size ${tw}x${th}`);
      const out = th === im.h && tw === im.w ? im : padImage(im, 0, 0, tw - im.w, th - im.h, value);
      return { ...r, img: out, img_shape: [out.h, out.w] };
    },
  };
}
