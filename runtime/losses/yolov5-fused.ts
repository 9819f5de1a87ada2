/**
 * The YOLOv5 loss (MMYOLO YOLOv5Head.loss_by_feat) and its gradient as one computation over the
 * head outputs' memory: what a backend that keeps tensors in JavaScript arrays (the native
 * engine) runs as two kernels, YolocYolov5Loss and YolocYolov5LossGrad, in place of the ~1,300
 * small tfjs kernels of the composite loss in yolov5.ts (a fifth of a 2x320 training step was
 * their dispatch). No tfjs here: plain loops over Float32Arrays, in float64, each loss term
 * summed in a fixed order (deterministic, any thread count).
 *
 * It computes what yolov5.ts's composite ops compute, gradient rules included: sigmoid BCE with
 * PyTorch's gradient (sigmoid(x) - t, or the pos_weight form), YOLOv5's CIoU with alpha detached,
 * clamps passing the gradient on their closed interval, min/max giving a tie to the first
 * argument (tfjs's Minimum/Maximum gradients), the objectness target detached, gradients of
 * positives that share a cell summed. tests/losses/yolov5.test.ts holds both to MMYOLO's.
 */

/** Kernel names of the fused loss (a backend registers both or neither). */
export const YOLOV5_LOSS_KERNELS = { loss: 'YolocYolov5Loss', grad: 'YolocYolov5LossGrad' } as const;

/** One level's positives, as flat element indices into that level's head outputs. */
export interface Yolov5FusedLevel {
  /** Positives P. */
  count: number;
  /** [P * 4] index of each positive's 4 box logits in the level's bboxPreds tensor. */
  bboxIdx: Int32Array;
  /** [P * C] index of each positive's C class logits in clsScores (empty when C == 1). */
  clsIdx: Int32Array;
  /** [P] class of each positive. */
  label: Int32Array;
  /** [P * 4] target (cx - cell_x, cy - cell_y, w, h) in grid units. */
  tbox: Float32Array;
  /** [P * 2] the prior's (w, h) in grid units. */
  anchor: Float32Array;
  /** The objectness target's writers (last write wins): positive rows and their objectness indices. */
  objRows: Int32Array;
  objCells: Int32Array;
  /** obj_level_weights[l]. */
  levelWeight: number;
}

/** Everything but the predictions. */
export interface Yolov5FusedSpec {
  levels: Yolov5FusedLevel[];
  numClasses: number;
  weights: { cls: number; bbox: number; obj: number };
  ciouEps: number;
  /** BCE pos_weight per class for loss_cls (C values), or null. */
  clsPosWeight: Float32Array | null;
  /** BCE pos_weight of loss_obj, or null. */
  objPosWeight: number | null;
  /** batch size x world size. */
  scale: number;
}

/** The predictions of one level (flat, in the layout the indices were made for). */
export interface Yolov5FusedInputs {
  bbox: Float32Array[];
  obj: Float32Array[];
  cls: Float32Array[];
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
/** log1p(exp(-|x|)): softplus's stable tail. */
const tail = (x: number): number => Math.log1p(Math.exp(-Math.abs(x)));

/** BCE-with-logits value (the composite's formulas; pw null: the plain one). */
function bce(x: number, t: number, pw: number | null): number {
  if (pw === null) return Math.max(x, 0) - x * t + tail(x);
  return (1 - t) * x + (1 + (pw - 1) * t) * (tail(x) + Math.max(-x, 0));
}

/** d BCE / dx: PyTorch's (sigmoid(x) - t), or ((pw t + 1 - t) sigmoid(x) - pw t). */
function bceGrad(x: number, t: number, pw: number | null): number {
  if (pw === null) return sigmoid(x) - t;
  const pt = pw * t;
  return (pt + 1 - t) * sigmoid(x) - pt;
}

/** CIoU of one positive and, when g != 0, d(out)/d(pred) * g added into gp[0..3] (cx, cy, w, h). */
function ciou(p: ArrayLike<number>, t: ArrayLike<number>, eps: number, g: number, gp: Float64Array | null): number {
  const [px, py, pw, ph] = [p[0]!, p[1]!, p[2]!, p[3]!];
  const [tx, ty, tw, th] = [t[0]!, t[1]!, t[2]!, t[3]!];
  const p1x = px - pw / 2, p2x = px + pw / 2, p1y = py - ph / 2, p2y = py + ph / 2;
  const t1x = tx - tw / 2, t2x = tx + tw / 2, t1y = ty - th / 2, t2y = ty + th / 2;
  const rawIx = Math.min(p2x, t2x) - Math.max(p1x, t1x);
  const rawIy = Math.min(p2y, t2y) - Math.max(p1y, t1y);
  const ix = Math.max(rawIx, 0), iy = Math.max(rawIy, 0);
  const inter = ix * iy;
  const pwc = p2x - p1x, phc = p2y - p1y, twc = t2x - t1x, thc = t2y - t1y;
  const union = pwc * phc + twc * thc - inter + eps;
  const iou = inter / union;
  const rawEx = Math.max(p2x, t2x) - Math.min(p1x, t1x);
  const rawEy = Math.max(p2y, t2y) - Math.min(p1y, t1y);
  const ex = Math.max(rawEx, 0), ey = Math.max(rawEy, 0);
  const diag2 = ex * ex + ey * ey + eps;
  const dx = t1x + t2x - (p1x + p2x), dy = t1y + t2y - (p1y + p2y);
  const rho2 = (dx * dx) / 4 + (dy * dy) / 4;
  const a2 = pwc / (phc + eps);
  const dAtan = Math.atan(twc / (thc + eps)) - Math.atan(a2);
  const k = 4 / Math.PI ** 2;
  const v = k * dAtan * dAtan;
  const alpha = v / (v - iou + 1 + eps);
  const raw = iou - (rho2 / diag2 + alpha * v);
  const out = Math.min(Math.max(raw, -1), 1);
  if (gp === null || g === 0 || raw < -1 || raw > 1) return out;
  // backward through the composite's ops (alpha detached)
  const gIou = g, gRho2 = -g / diag2, gDiag2 = (g * rho2) / (diag2 * diag2), gV = -g * alpha;
  const gDAtan = gV * k * 2 * dAtan;
  const gA2 = -gDAtan / (1 + a2 * a2);
  let gPwc = gA2 / (phc + eps);
  let gPhc = (-gA2 * pwc) / ((phc + eps) * (phc + eps));
  let gInter = gIou / union;
  const gUnion = (-gIou * inter) / (union * union);
  gPwc += gUnion * phc;
  gPhc += gUnion * pwc;
  gInter -= gUnion;
  let gP1x = 0, gP2x = 0, gP1y = 0, gP2y = 0;
  // intersection: clamp(min(p2, t2) - max(p1, t1), 0) per axis
  const gIx = rawIx >= 0 ? gInter * iy : 0, gIy = rawIy >= 0 ? gInter * ix : 0;
  if (p2x <= t2x) gP2x += gIx;
  if (p1x >= t1x) gP1x -= gIx;
  if (p2y <= t2y) gP2y += gIy;
  if (p1y >= t1y) gP1y -= gIy;
  // enclosing box: clamp(max(p2, t2) - min(p1, t1), 0) per axis
  const gEx = rawEx >= 0 ? gDiag2 * 2 * ex : 0, gEy = rawEy >= 0 ? gDiag2 * 2 * ey : 0;
  if (p2x >= t2x) gP2x += gEx;
  if (p1x <= t1x) gP1x -= gEx;
  if (p2y >= t2y) gP2y += gEy;
  if (p1y <= t1y) gP1y -= gEy;
  // centre distance (from corner sums)
  const gDx = (gRho2 * dx) / 2, gDy = (gRho2 * dy) / 2;
  gP1x -= gDx;
  gP2x -= gDx;
  gP1y -= gDy;
  gP2y -= gDy;
  // widths re-derived from corners
  gP2x += gPwc;
  gP1x -= gPwc;
  gP2y += gPhc;
  gP1y -= gPhc;
  gp[0]! += gP1x + gP2x;
  gp[1]! += gP1y + gP2y;
  gp[2]! += (gP2x - gP1x) / 2;
  gp[3]! += (gP2y - gP1y) / 2;
  return out;
}

/**
 * The three loss terms [loss_cls, loss_bbox, loss_obj], and with `dy` (their upstream gradients)
 * the gradient of sum(dy * losses) with respect to every input, written into `grads` (arrays of
 * the inputs' sizes, zero-filled by the caller).
 */
export function yolov5FusedLoss(spec: Yolov5FusedSpec, x: Yolov5FusedInputs, dy?: readonly [number, number, number], grads?: Yolov5FusedInputs): [number, number, number] {
  const C = spec.numClasses;
  const eps = spec.ciouEps;
  const pwObj = spec.objPosWeight;
  let lossCls = 0, lossBox = 0, lossObj = 0;
  const p = new Float64Array(4);
  const gp = new Float64Array(4);
  for (let l = 0; l < spec.levels.length; l++) {
    const lv = spec.levels[l]!;
    const bbox = x.bbox[l]!, obj = x.obj[l]!, cls = x.cls[l]!;
    const P = lv.count;
    // objectness target: clamp(detached CIoU, 0) at the last writer of each cell
    const ious = new Float64Array(P);
    const sig = new Float64Array(P * 4);
    let boxSum = 0;
    const gBox = dy && grads && P > 0 ? (-dy[1] * spec.scale * spec.weights.bbox) / P : 0;
    for (let r = 0; r < P; r++) {
      for (let c = 0; c < 4; c++) sig[r * 4 + c] = sigmoid(bbox[lv.bboxIdx[r * 4 + c]!]!);
      const aw = lv.anchor[r * 2]!, ah = lv.anchor[r * 2 + 1]!;
      p[0] = sig[r * 4]! * 2 - 0.5;
      p[1] = sig[r * 4 + 1]! * 2 - 0.5;
      p[2] = (sig[r * 4 + 2]! * 2) ** 2 * aw;
      p[3] = (sig[r * 4 + 3]! * 2) ** 2 * ah;
      gp.fill(0);
      const t = lv.tbox.subarray(r * 4, r * 4 + 4);
      ious[r] = ciou(p, t, eps, gBox, gBox !== 0 ? gp : null);
      boxSum += 1 - ious[r]!;
      if (gBox !== 0) {
        const g = grads!.bbox[l]!;
        const ds = [gp[0]! * 2, gp[1]! * 2, gp[2]! * aw * 8 * sig[r * 4 + 2]!, gp[3]! * ah * 8 * sig[r * 4 + 3]!];
        for (let c = 0; c < 4; c++) {
          const s = sig[r * 4 + c]!;
          g[lv.bboxIdx[r * 4 + c]!]! += ds[c]! * s * (1 - s);
        }
      }
    }
    if (P > 0) lossBox += spec.weights.bbox * (boxSum / P);
    const N = obj.length;
    const target = new Float64Array(N);
    for (let i = 0; i < lv.objRows.length; i++) target[lv.objCells[i]!] = Math.max(ious[lv.objRows[i]!]!, 0);
    let objSum = 0;
    const gObj = dy && grads ? (dy[2] * spec.scale * spec.weights.obj * lv.levelWeight) / N : 0;
    const go = grads?.obj[l];
    for (let i = 0; i < N; i++) {
      const t = target[i]!;
      objSum += bce(obj[i]!, t, pwObj);
      if (gObj !== 0) go![i]! += gObj * bceGrad(obj[i]!, t, pwObj);
    }
    lossObj += spec.weights.obj * (objSum / N) * lv.levelWeight;
    if (C > 1 && P > 0) {
      let clsSum = 0;
      const gCls = dy && grads ? (dy[0] * spec.scale * spec.weights.cls) / (P * C) : 0;
      const gc = grads?.cls[l];
      for (let r = 0; r < P; r++) {
        const label = lv.label[r]!;
        for (let c = 0; c < C; c++) {
          const at = lv.clsIdx[r * C + c]!;
          const t = c === label ? 1 : 0;
          const pw = spec.clsPosWeight === null ? null : spec.clsPosWeight[c]!;
          clsSum += bce(cls[at]!, t, pw);
          if (gCls !== 0) gc![at]! += gCls * bceGrad(cls[at]!, t, pw);
        }
      }
      lossCls += spec.weights.cls * (clsSum / (P * C));
    }
  }
  return [lossCls * spec.scale, lossBox * spec.scale, lossObj * spec.scale];
}
