/** RandomFlip (mmdet), horizontal only: image and boxes mirrored with probability `prob`. */
import { flipImage } from '../image.js';
import { flipBoxes } from '../boxes.js';
import type { Results, Transform } from '../results.js';
import { Args } from '../cfg-args.js';
import { YolocError } from '../../errors.js';

/** Builds RandomFlip. */
export function randomFlip(cfg: Record<string, unknown>): Transform {
  const a = new Args('RandomFlip', cfg);
  const prob = a.num('prob', 0);
  const direction = a.str('direction', 'horizontal');
  if (direction !== 'horizontal') throw new YolocError('YC7331', `RandomFlip: direction '${direction}' is not supported (only 'horizontal')`);
  return {
    name: 'RandomFlip',
    apply(r: Results): Results {
      const flip = r.rng.random() < prob;
      if (!flip || !r.img) return { ...r, flip: false, flip_direction: null };
      const out: Results = { ...r, img: flipImage(r.img), flip: true, flip_direction: 'horizontal' };
      if (r.gt_bboxes) out.gt_bboxes = flipBoxes(r.gt_bboxes, r.img.w);
      return out;
    },
  };
}
