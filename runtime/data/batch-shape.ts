/**
 * BatchShapePolicy (MMYOLO, validation only): sorts images by aspect ratio h/w and gives each
 * batch of `batch_size` one padded shape, ceil(shape * img_size / size_divisor + extra_pad_ratio)
 * * size_divisor, so LetterResize pads less. The sort is stable here; numpy's default
 * argsort is not, so equal ratios may come out in another order than MMYOLO's (the shapes agree).
 */
import type { DataInfo } from './coco.js';

/** Options of BatchShapePolicy. */
export interface BatchShapeCfg {
  batch_size?: number;
  img_size?: number;
  size_divisor?: number;
  extra_pad_ratio?: number;
}

/** Reorders data infos and sets each one's batch_shape [h, w]. */
export function applyBatchShapes(list: DataInfo[], cfg: BatchShapeCfg): DataInfo[] {
  const bs = cfg.batch_size ?? 32, imgSize = cfg.img_size ?? 640, div = cfg.size_divisor ?? 32, extra = cfg.extra_pad_ratio ?? 0.5;
  const n = list.length;
  if (n === 0) return list;
  const ratio = list.map((d) => d.height / d.width);
  const order = ratio.map((r, i) => [r, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i);
  const sorted = order.map((i) => list[i]!);
  const sortedRatio = order.map((i) => ratio[i]!);
  const batches = Math.floor((n - 1) / bs) + 1;
  const shapes: [number, number][] = [];
  for (let b = 0; b < batches; b++) {
    const rs = sortedRatio.slice(b * bs, (b + 1) * bs);
    const mn = Math.min(...rs), mx = Math.max(...rs);
    let s: [number, number] = [1, 1];
    if (mx < 1) s = [mx, 1];
    else if (mn > 1) s = [1, 1 / mn];
    shapes.push([Math.ceil((s[0] * imgSize) / div + extra) * div, Math.ceil((s[1] * imgSize) / div + extra) * div]);
  }
  return sorted.map((d, i) => ({ ...d, batch_shape: shapes[Math.floor(i / bs)]! }));
}
