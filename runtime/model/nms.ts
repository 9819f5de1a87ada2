/**
 * mmcv batched_nms on plain arrays: boxes offset per label by (max coordinate + 1) and one
 * NMS over all of them below 10000 boxes, per-class NMS above; a box is suppressed when its
 * IoU (areas without +1) with a kept, higher-scoring box is > iou_threshold. The result is
 * ordered by score, descending (ties keep input order).
 */

/** Indices kept by greedy NMS over xyxy `boxes` (4 per row), visiting `order`. */
function greedy(boxes: Float64Array | Float32Array, order: number[], thr: number): number[] {
  const keep: number[] = [];
  const dead = new Uint8Array(boxes.length / 4);
  for (let a = 0; a < order.length; a++) {
    const i = order[a]!;
    if (dead[i]) continue;
    keep.push(i);
    const x1 = boxes[i * 4]!, y1 = boxes[i * 4 + 1]!, x2 = boxes[i * 4 + 2]!, y2 = boxes[i * 4 + 3]!;
    const area = (x2 - x1) * (y2 - y1);
    for (let b = a + 1; b < order.length; b++) {
      const j = order[b]!;
      if (dead[j]) continue;
      const w = Math.min(x2, boxes[j * 4 + 2]!) - Math.max(x1, boxes[j * 4]!);
      const h = Math.min(y2, boxes[j * 4 + 3]!) - Math.max(y1, boxes[j * 4 + 1]!);
      if (w <= 0 || h <= 0) continue;
      const inter = w * h;
      const other = (boxes[j * 4 + 2]! - boxes[j * 4]!) * (boxes[j * 4 + 3]! - boxes[j * 4 + 1]!);
      if (inter / (area + other - inter) > thr) dead[j] = 1;
    }
  }
  return keep;
}

/** Row indices sorted by score, descending, stable. */
export function sortByScore(scores: ArrayLike<number>, idx?: number[]): number[] {
  const order = idx ?? Array.from({ length: scores.length }, (_, i) => i);
  return order.sort((a, b) => scores[b]! - scores[a]! || a - b);
}

/** mmcv batched_nms(boxes, scores, labels, {iou_threshold}); returns kept row indices by score. */
export function batchedNms(boxes: Float32Array, scores: Float32Array, labels: Int32Array, iouThreshold: number): number[] {
  const n = scores.length;
  if (n === 0) return [];
  let maxC = -Infinity;
  let minC = Infinity;
  for (const v of boxes) { if (v > maxC) maxC = v; if (v < minC) minC = v; }
  // Offsets separate classes exactly when every coordinate lies in (-1, max]; then, and above
  // mmcv's split_thr, per-class NMS is the same computation and much faster.
  if (n >= 10000 || minC > -1) {
    const byClass = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const l = labels[i]!;
      const list = byClass.get(l);
      if (list) list.push(i); else byClass.set(l, [i]);
    }
    const keep: number[] = [];
    for (const rows of byClass.values()) keep.push(...greedy(boxes, sortByScore(scores, rows), iouThreshold));
    return sortByScore(scores, keep);
  }
  // float32, like the torch tensors mmcv adds the offsets to.
  const shifted = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    const off = labels[i]! * (maxC + 1);
    for (let k = 0; k < 4; k++) shifted[i * 4 + k] = boxes[i * 4 + k]! + off;
  }
  return greedy(shifted, sortByScore(scores), iouThreshold);
}
