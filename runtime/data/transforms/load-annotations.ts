/**
 * LoadAnnotations with_bbox: instances -> gt_bboxes, gt_bboxes_labels, gt_ignore_flags.
 * MMYOLO's version (the default scope) drops ignored (crowd) instances; MMDetection's
 * (`mmdet.LoadAnnotations` or `_scope_='mmdet'`) keeps them with their flag set.
 */
import type { Results, Transform } from '../results.js';
import { Args } from '../cfg-args.js';
import { YolocError } from '../../errors.js';

/** Builds LoadAnnotations; `scope` is 'mmyolo' or 'mmdet'. */
export function loadAnnotations(cfg: Record<string, unknown>, scope: string): Transform {
  const a = new Args('LoadAnnotations', cfg);
  if (a.bool('with_mask', false) || a.bool('with_seg', false)) {
    throw new YolocError('YC7331', 'LoadAnnotations: masks and segmentation maps are not supported');
  }
  const withBbox = a.bool('with_bbox', true);
  const withLabel = a.bool('with_label', true);
  const keepIgnored = scope === 'mmdet';
  return {
    name: 'LoadAnnotations',
    apply(r: Results): Results {
      const kept = r.instances.filter((i) => keepIgnored || i.ignore_flag === 0);
      const out: Results = { ...r };
      if (withBbox) {
        out.gt_bboxes = new Float32Array(kept.flatMap((i) => i.bbox));
        out.gt_ignore_flags = Uint8Array.from(kept.map((i) => i.ignore_flag));
      }
      if (withLabel) out.gt_bboxes_labels = Int32Array.from(kept.map((i) => i.bbox_label));
      return out;
    },
  };
}
