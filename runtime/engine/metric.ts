/** CocoMetric for the loops: COCO results against the annotation file, with MMDetection's keys. */
import { CocoEvaluator, parseCocoGt, readJson } from '../eval/coco.js';
import type { CocoResult } from './evaluate.js';

/** `coco/bbox_mAP`, `coco/bbox_mAP_50`, ... `coco/bbox_mAP_l` (3 decimals, as MMDetection logs them). */
export function cocoMetrics(annFile: string, results: CocoResult[]): Record<string, number> {
  const gt = parseCocoGt(readJson(annFile, 'YC7210'), annFile);
  const ev = new CocoEvaluator(gt);
  const byImage = new Map<number, CocoResult[]>();
  for (const r of results) (byImage.get(r.image_id) ?? byImage.set(r.image_id, []).get(r.image_id)!).push(r);
  for (const [id, rs] of byImage) ev.add(id, rs.map(({ image_id: _i, ...d }) => d));
  const { stats: _stats, ...metrics } = ev.summarize();
  return metrics;
}
