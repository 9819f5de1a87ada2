/**
 * PackDetInputs (mmdet): HWC -> CHW (still uint8 BGR), boxes split by gt_ignore_flags into
 * gt and ignored instances, and the meta_keys copied into the sample's metadata.
 */
import { selectRows } from '../boxes.js';
import type { Results, SampleMeta, Transform } from '../results.js';
import { Args } from '../cfg-args.js';

const DEFAULT_KEYS = ['img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor', 'flip', 'flip_direction'];

/** Builds PackDetInputs. */
export function packDetInputs(cfg: Record<string, unknown>): Transform {
  const a = new Args('PackDetInputs', cfg);
  const v = a.cfg.meta_keys;
  const keys = Array.isArray(v) ? v.map(String) : DEFAULT_KEYS;
  return {
    name: 'PackDetInputs',
    apply(r: Results): Results {
      const img = r.img!;
      const { h, w, c } = img;
      const chw = new Uint8Array(h * w * c);
      for (let k = 0; k < c; k++) for (let i = 0; i < h * w; i++) chw[k * h * w + i] = img.data[i * c + k]!;
      const boxes = r.gt_bboxes ?? new Float32Array(0);
      const labels = r.gt_bboxes_labels ?? new Int32Array(boxes.length / 4);
      const flags = r.gt_ignore_flags ?? new Uint8Array(boxes.length / 4);
      const keep = [...flags].map((f) => f === 0);
      const ign = keep.map((k) => !k);
      const all: SampleMeta = {
        img_id: r.img_id, img_path: r.img_path, ori_shape: r.ori_shape, img_shape: r.img_shape,
        scale_factor: r.scale_factor, pad_param: r.pad_param ? [...r.pad_param] : undefined,
        flip: r.flip ?? false, flip_direction: r.flip_direction ?? null, batch_shape: r.batch_shape,
      };
      const meta: SampleMeta = {};
      for (const k of keys) if (k in all && all[k as keyof SampleMeta] !== undefined) (meta as Record<string, unknown>)[k] = all[k as keyof SampleMeta];
      return {
        ...r,
        packed: {
          img: chw, h, w,
          gt_bboxes: selectRows(boxes, keep, 4), gt_labels: selectRows(labels, keep, 1),
          ignored_bboxes: selectRows(boxes, ign, 4), ignored_labels: selectRows(labels, ign, 1),
          meta,
        },
      };
    },
  };
}
