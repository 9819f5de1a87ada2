/** LoadImageFromFile (mmcv): decodes `img_path` to HWC uint8 BGR; sets img, img_shape, ori_shape. */
import { readImage } from '../image.js';
import type { Results, Transform } from '../results.js';
import { Args } from '../cfg-args.js';
import { YolocError } from '../../errors.js';

/**
 * Builds LoadImageFromFile; file_client_args/backend_args are accepted and ignored (local
 * files only). An image whose size differs from its annotation's width/height is an error:
 * its boxes would land in the wrong place.
 */
export function loadImageFromFile(cfg: Record<string, unknown>): Transform {
  const a = new Args('LoadImageFromFile', cfg);
  if (a.bool('to_float32', false)) throw new YolocError('YC7331', 'LoadImageFromFile: to_float32=True is not supported (images stay uint8 until the batch is built)');
  const colorType = a.str('color_type', 'color');
  if (colorType !== 'color') throw new YolocError('YC7331', `LoadImageFromFile: color_type '${colorType}' is not supported (only 'color')`);
  return {
    name: 'LoadImageFromFile',
    apply(r: Results): Results {
      const img = readImage(r.img_path);
      if (img.h !== r.height || img.w !== r.width) {
        throw new YolocError('YC7311', `image is ${img.w}x${img.h} but its annotation says ${r.width}x${r.height}`, r.img_path);
      }
      return { ...r, img, img_shape: [img.h, img.w], ori_shape: [img.h, img.w] };
    },
  };
}
