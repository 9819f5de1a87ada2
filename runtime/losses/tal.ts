/**
 * MMYOLO's BatchTaskAlignedAssigner (TOOD's task-aligned assignment as YOLOv6/YOLOv8 batch it),
 * in plain TypeScript on the CPU, one image at a time and only over the priors that lie inside a
 * GT box (the only ones that can become positives), with float32 arithmetic (Math.fround) in
 * PyTorch's order and torch.topk's tie-breaking (topk.ts), so that the positives, their GTs and
 * targets come out as MMYOLO's. Predictions reach it through accessors: the loss reads just the
 * rows it needs from the device (yolov8.ts); a test hands it PyTorch's own predictions.
 */
import { torchTopkSparse } from './topk.js';

const f = Math.fround;

/** One feature level's grid of points ((x + 0.5) * stride, (y + 0.5) * stride). */
export interface PriorLevel {
  h: number;
  w: number;
  stride: number;
  /** Index of the level's first prior among all levels' (levels concatenated, (y, x) row-major). */
  offset: number;
}

/** The BatchTaskAlignedAssigner settings (train_cfg.assigner). */
export interface TalConfig {
  numClasses: number;
  topk: number;
  alpha: number;
  beta: number;
  eps: number;
  useCiou: boolean;
}

/** One image's GT boxes, in their batch order. */
export interface ImageGt {
  labels: Int32Array;
  /** [G * 4] xyxy in input pixels. */
  boxes: Float32Array;
}

/** Predictions of one image, read through accessors (only inside-GT priors are asked for). */
export interface ImagePredictions {
  /** Detached decoded box of prior p, xyxy in input pixels (float32 values). */
  box(p: number): ArrayLike<number>;
  /** Sigmoid score of prior p for class c (float32 values). */
  score(p: number, c: number): number;
}

/** The positives of one image, by ascending prior index. */
export interface ImageAssignment {
  prior: Int32Array;
  /** Index of the GT in the image's list. */
  gt: Int32Array;
  label: Int32Array;
  /** The soft target: the GT's normalised alignment metric (MMYOLO's assigned_scores value). */
  score: Float32Array;
}

/** The level grids of a model's strides for an input of (H, W): ceil(H / s) x ceil(W / s) as the convs give. */
export function priorLevels(featmapSizes: readonly (readonly [number, number])[], strides: readonly number[]): PriorLevel[] {
  let offset = 0;
  return featmapSizes.map(([h, w], l) => {
    const lvl = { h, w, stride: strides[l]!, offset };
    offset += h * w;
    return lvl;
  });
}

/** The point of prior p (its level's (x + 0.5) * s, (y + 0.5) * s), and its stride. */
export function priorPoint(levels: readonly PriorLevel[], p: number): [number, number, number] {
  for (const l of levels) {
    if (p < l.offset + l.h * l.w) {
      const i = p - l.offset;
      return [f((i % l.w) + 0.5) * l.stride, f(Math.trunc(i / l.w) + 0.5) * l.stride, l.stride];
    }
  }
  throw new RangeError(`prior ${p} is beyond the levels`);
}

/** torch's pow(tensor, scalar) on float32: the special cases it dispatches, else powf. */
export function torchPow(x: number, e: number): number {
  if (e === 0) return 1;
  if (e === 1) return x;
  if (e === 0.5) return f(Math.sqrt(x));
  if (e === -0.5) return f(1 / f(Math.sqrt(x)));
  if (e === -1) return f(1 / x);
  if (e === 2) return f(x * x);
  if (e === 3) return f(f(x * x) * x);
  if (e === -2) return f(1 / f(x * x));
  return f(Math.pow(x, f(e)));
}

const EPS7 = f(1e-7);
const ONE_EPS7 = f(1 + 1e-7);
const FOUR_PI2 = f(4 / Math.PI ** 2);
const EPS9 = f(1e-9);

/** MMYOLO bbox_overlaps(pred, gt, iou_mode='ciou', bbox_format='xyxy', eps=1e-7) of one pair, float32. */
export function ciouPair(p: ArrayLike<number>, t: ArrayLike<number>): number {
  const [px1, py1, px2, py2] = [p[0]!, p[1]!, p[2]!, p[3]!];
  const [tx1, ty1, tx2, ty2] = [t[0]!, t[1]!, t[2]!, t[3]!];
  const inter = f(Math.max(f(Math.min(px2, tx2) - Math.max(px1, tx1)), 0) * Math.max(f(Math.min(py2, ty2) - Math.max(py1, ty1)), 0));
  const pw = f(px2 - px1), ph = f(py2 - py1), tw = f(tx2 - tx1), th = f(ty2 - ty1);
  const union = f(f(f(f(pw * ph) + f(tw * th)) - inter) + EPS7);
  const iou = f(inter / union);
  const cw = Math.max(f(Math.max(px2, tx2) - Math.min(px1, tx1)), 0);
  const ch = Math.max(f(Math.max(py2, ty2) - Math.min(py1, ty1)), 0);
  const c2 = f(f(f(cw * cw) + f(ch * ch)) + EPS7);
  const dx = f(f(tx1 + tx2) - f(px1 + px2));
  const dy = f(f(ty1 + ty2) - f(py1 + py2));
  const rho2 = f(f(f(dx * dx) / 4) + f(f(dy * dy) / 4));
  const d = f(f(Math.atan(f(tw / f(th + EPS7)))) - f(Math.atan(f(pw / f(ph + EPS7)))));
  const v = f(FOUR_PI2 * f(d * d));
  const alpha = f(v / f(f(v - iou) + ONE_EPS7));
  const ciou = f(iou - f(f(rho2 / c2) + f(alpha * v)));
  return Math.min(Math.max(ciou, -1), 1);
}

/** MMYOLO's yolov6_iou_calculator of one (gt, pred) pair, float32. */
export function iouPair(g: ArrayLike<number>, p: ArrayLike<number>): number {
  const inter = f(Math.max(f(Math.min(g[2]!, p[2]!) - Math.max(g[0]!, p[0]!)), 0) * Math.max(f(Math.min(g[3]!, p[3]!) - Math.max(g[1]!, p[1]!)), 0));
  const a1 = f(Math.max(f(g[2]! - g[0]!), 0) * Math.max(f(g[3]! - g[1]!), 0));
  const a2 = f(Math.max(f(p[2]! - p[0]!), 0) * Math.max(f(p[3]! - p[1]!), 0));
  return f(inter / f(f(f(a1 + a2) - inter) + EPS9));
}

/** The priors strictly inside a box (every point-to-side distance > 1e-9 in float32), ascending. */
export function priorsInside(levels: readonly PriorLevel[], box: ArrayLike<number>): Int32Array {
  const [x1, y1, x2, y2] = [box[0]!, box[1]!, box[2]!, box[3]!];
  const out: number[] = [];
  for (const l of levels) {
    const xs: number[] = [];
    for (let x = 0; x < l.w; x++) {
      const px = f(x + 0.5) * l.stride;
      if (f(px - x1) > EPS9 && f(x2 - px) > EPS9) xs.push(x);
    }
    if (!xs.length) continue;
    for (let y = 0; y < l.h; y++) {
      const py = f(y + 0.5) * l.stride;
      if (!(f(py - y1) > EPS9 && f(y2 - py) > EPS9)) continue;
      for (const x of xs) out.push(l.offset + y * l.w + x);
    }
  }
  return Int32Array.from(out);
}

/** The candidates of an image: every prior inside at least one of its GT boxes, ascending. */
export function candidatePriors(levels: readonly PriorLevel[], gt: ImageGt): { perGt: Int32Array[]; all: Int32Array } {
  const perGt: Int32Array[] = [];
  const set = new Set<number>();
  for (let g = 0; g < gt.labels.length; g++) {
    const inside = priorsInside(levels, gt.boxes.subarray(g * 4, g * 4 + 4));
    perGt.push(inside);
    for (const p of inside) set.add(p);
  }
  return { perGt, all: Int32Array.from([...set].sort((a, b) => a - b)) };
}

/**
 * Assigns one image's priors (numPriors in all) to its GTs as BatchTaskAlignedAssigner does.
 * `perGt` are the GTs' inside priors (candidatePriors); predictions are asked only for those.
 */
export function assignImage(numPriors: number, gt: ImageGt, perGt: readonly Int32Array[], pred: ImagePredictions, cfg: TalConfig): ImageAssignment {
  const G = gt.labels.length;
  const gtBox = (g: number) => gt.boxes.subarray(g * 4, g * 4 + 4);
  const overlap = (g: number, p: number) =>
    cfg.useCiou ? Math.max(ciouPair(pred.box(p), gtBox(g)), 0) : iouPair(gtBox(g), pred.box(p));
  const metricOf = (g: number, p: number, ov: number) => f(torchPow(pred.score(p, gt.labels[g]!), cfg.alpha) * torchPow(ov, cfg.beta));
  // a GT whose coordinates sum to <= 0 is padding to MMYOLO (pad_bbox_flag) and gets no positives
  const real = (g: number) => f(f(f(gt.boxes[g * 4]! + gt.boxes[g * 4 + 1]!) + gt.boxes[g * 4 + 2]!) + gt.boxes[g * 4 + 3]!) > 0;

  // per GT: overlap and metric of each inside prior, and the inside priors among its top-k
  const claims = new Map<number, number[]>(); // prior -> GTs that keep it
  const ovs: Map<number, number>[] = [];
  const mets: Map<number, number>[] = [];
  for (let g = 0; g < G; g++) {
    const inside = perGt[g]!;
    const ov = new Map<number, number>();
    const met = new Map<number, number>();
    for (const p of inside) {
      const o = overlap(g, p);
      ov.set(p, o);
      met.set(p, metricOf(g, p, o));
    }
    ovs.push(ov);
    mets.push(met);
    if (!real(g)) continue;
    if (cfg.topk > numPriors) throw new RangeError(`topk ${cfg.topk} is larger than the ${numPriors} priors`);
    const top = torchTopkSparse(numPriors, cfg.topk, inside, (p) => met.get(p)!);
    for (const p of top) {
      if (!ov.has(p)) continue; // kept by top-k but not inside the box
      const c = claims.get(p);
      if (c) c.push(g);
      else claims.set(p, [g]);
    }
  }
  // a prior kept by several GTs goes to the GT it overlaps most, over all GTs (first on ties)
  const owner = new Map<number, number>();
  for (const [p, gs] of claims) {
    if (gs.length === 1) {
      owner.set(p, gs[0]!);
      continue;
    }
    let best = 0, bestOv = -Infinity;
    for (let g = 0; g < G; g++) {
      const o = ovs[g]!.get(p) ?? overlap(g, p);
      if (o > bestOv) { best = g; bestOv = o; }
    }
    owner.set(p, best);
  }
  // per GT: its best metric and best overlap over its positives
  const bestMetric = new Float32Array(G);
  const bestOverlap = new Float32Array(G);
  const metricAt = new Map<number, number>();
  for (const [p, g] of owner) {
    const o = ovs[g]!.get(p) ?? overlap(g, p);
    const m = mets[g]!.get(p) ?? metricOf(g, p, o);
    metricAt.set(p, m);
    if (m > bestMetric[g]!) bestMetric[g] = m;
    if (o > bestOverlap[g]!) bestOverlap[g] = o;
  }
  const priors = [...owner.keys()].sort((a, b) => a - b);
  const res: ImageAssignment = {
    prior: Int32Array.from(priors), gt: new Int32Array(priors.length), label: new Int32Array(priors.length), score: new Float32Array(priors.length),
  };
  const eps = f(cfg.eps);
  priors.forEach((p, i) => {
    const g = owner.get(p)!;
    res.gt[i] = g;
    res.label[i] = Math.max(gt.labels[g]!, 0);
    res.score[i] = f(f(metricAt.get(p)! * bestOverlap[g]!) / f(bestMetric[g]! + eps));
  });
  return res;
}
