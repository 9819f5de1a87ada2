/**
 * pycocotools' COCOeval for iouType 'bbox' (evaluate -> evaluateImg -> accumulate ->
 * summarize), rule for rule: IoU thresholds and recall points from np.linspace, area ranges
 * from the GT `area` closed at both ends, maxDets per image and category, crowd IoU over the
 * detection's area with crowds absorbing any number of detections and ignored, stable score
 * sorts, GT sorted ignored-last, precision made monotone, -1 where a category has no GT.
 */
import { argsortDesc, linspace, mean, searchsortedLeft } from './numpy.js';

/** An image or category id as COCO JSON has it. */
export type CocoId = number | string;

/** A GT annotation, as the evaluation sees it. */
export interface EvalGt {
  id: number;
  imageId: CocoId;
  categoryId: CocoId;
  bbox: [number, number, number, number];
  area: number;
  /** pycocotools sets ignore = iscrowd (the annotation's own `ignore` is overwritten). */
  iscrowd: boolean;
}

/** A detection (loadRes: area = w*h, id = 1-based position in the results). */
export interface EvalDt {
  id: number;
  imageId: CocoId;
  categoryId: CocoId;
  bbox: [number, number, number, number];
  area: number;
  score: number;
}

/** COCOeval's Params for bbox, as setDetParams makes them. */
export const PARAMS = {
  iouThrs: linspace(0.5, 0.95, Math.round((0.95 - 0.5) / 0.05) + 1),
  recThrs: linspace(0.0, 1.0, Math.round((1.0 - 0.0) / 0.01) + 1),
  maxDets: [1, 10, 100],
  areaRng: [[0 ** 2, 1e5 ** 2], [0 ** 2, 32 ** 2], [32 ** 2, 96 ** 2], [96 ** 2, 1e5 ** 2]] as [number, number][],
  areaRngLbl: ['all', 'small', 'medium', 'large'],
} as const;

interface EvalImg {
  dtScores: number[];
  /** [T][D] matched GT id, 0 when unmatched (a GT whose id is 0 counts as unmatched, as in pycocotools). */
  dtMatches: number[][];
  dtIgnore: boolean[][];
  gtIgnore: boolean[];
}

/** maskUtils.iou for boxes: [D][G], crowd GT -> intersection over the detection's area. */
export function bboxIou(dts: EvalDt[], gts: EvalGt[]): number[][] {
  return dts.map((d) => {
    const [dx, dy, dw, dh] = d.bbox;
    const da = dw * dh;
    return gts.map((g) => {
      const [gx, gy, gw, gh] = g.bbox;
      const w = Math.min(dw + dx, gw + gx) - Math.max(dx, gx);
      if (w <= 0) return 0;
      const h = Math.min(dh + dy, gh + gy) - Math.max(dy, gy);
      if (h <= 0) return 0;
      const i = w * h;
      return i / (g.iscrowd ? da : da + gw * gh - i);
    });
  });
}

function evaluateImg(gt: EvalGt[], dtAll: EvalDt[], ious: number[][], aRng: readonly [number, number], maxDet: number): EvalImg | null {
  if (gt.length === 0 && dtAll.length === 0) return null;
  const ignore = gt.map((g) => g.iscrowd || g.area < aRng[0] || g.area > aRng[1]);
  const gtind = Array.from(gt.keys()).sort((i, j) => Number(ignore[i]) - Number(ignore[j]));
  const gts = gtind.map((i) => gt[i]!);
  const gtIg = gtind.map((i) => ignore[i]!);
  const dtind = argsortDesc(dtAll.map((d) => d.score)).slice(0, maxDet);
  const dt = dtind.map((i) => dtAll[i]!);
  // ious rows follow computeIoU's own order: score-sorted detections, capped at maxDets[-1]
  const T = PARAMS.iouThrs.length;
  const dtm = Array.from({ length: T }, () => new Array<number>(dt.length).fill(0));
  const dtIg = Array.from({ length: T }, () => new Array<boolean>(dt.length).fill(false));
  if (ious.length > 0 && gt.length > 0) {
    const gtm = Array.from({ length: T }, () => new Array<number>(gts.length).fill(0));
    PARAMS.iouThrs.forEach((t, ti) => {
      dt.forEach((d, di) => {
        let iou = Math.min(t, 1 - 1e-10);
        let m = -1;
        for (let gi = 0; gi < gts.length; gi++) {
          if (gtm[ti]![gi]! > 0 && !gts[gi]!.iscrowd) continue;
          if (m > -1 && !gtIg[m] && gtIg[gi]) break;
          const v = ious[di]![gtind[gi]!]!;
          if (v < iou) continue;
          iou = v;
          m = gi;
        }
        if (m === -1) return;
        dtIg[ti]![di] = gtIg[m]!;
        dtm[ti]![di] = gts[m]!.id;
        gtm[ti]![m] = d.id;
      });
    });
  }
  dt.forEach((d, di) => {
    const out = d.area < aRng[0] || d.area > aRng[1];
    for (let ti = 0; ti < T; ti++) dtIg[ti]![di] = dtIg[ti]![di]! || (dtm[ti]![di] === 0 && out);
  });
  return { dtScores: dt.map((d) => d.score), dtMatches: dtm, dtIgnore: dtIg, gtIgnore: gtIg };
}

/** precision [T][R][K][A][M] and recall [T][K][A][M], flattened in C order; -1 where undefined. */
export interface Accumulated {
  precision: Float64Array;
  recall: Float64Array;
  K: number;
}

/**
 * evaluate() + accumulate(): `gts`/`dts` grouped per (image, category) in file order;
 * imgIds and catIds sorted as COCOeval sorts them.
 */
export function evaluateAndAccumulate(
  imgIds: CocoId[],
  catIds: CocoId[],
  gts: Map<string, EvalGt[]>,
  dts: Map<string, EvalDt[]>,
): Accumulated {
  const T = PARAMS.iouThrs.length;
  const R = PARAMS.recThrs.length;
  const K = catIds.length;
  const A = PARAMS.areaRng.length;
  const M = PARAMS.maxDets.length;
  const maxDetAll = PARAMS.maxDets[M - 1]!;
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);
  const key = (i: CocoId, c: CocoId) => JSON.stringify([i, c]);
  catIds.forEach((cat, k) => {
    const perImg = imgIds.map((img) => {
      const gt = gts.get(key(img, cat)) ?? [];
      const dtRaw = dts.get(key(img, cat)) ?? [];
      const dtSorted = argsortDesc(dtRaw.map((d) => d.score)).slice(0, maxDetAll).map((i) => dtRaw[i]!);
      return { gt, dt: dtSorted, ious: gt.length && dtSorted.length ? bboxIou(dtSorted, gt) : [] };
    });
    PARAMS.areaRng.forEach((aRng, a) => {
      const E = perImg.map(({ gt, dt, ious }) => evaluateImg(gt, dt, ious, aRng, maxDetAll)).filter((e): e is EvalImg => e !== null);
      if (E.length === 0) return;
      PARAMS.maxDets.forEach((maxDet, m) => {
        const scores: number[] = [];
        const dtm: number[][] = Array.from({ length: T }, () => []);
        const dtIg: boolean[][] = Array.from({ length: T }, () => []);
        let npig = 0;
        for (const e of E) {
          const n = Math.min(maxDet, e.dtScores.length);
          for (let i = 0; i < n; i++) scores.push(e.dtScores[i]!);
          for (let t = 0; t < T; t++) {
            for (let i = 0; i < n; i++) {
              dtm[t]!.push(e.dtMatches[t]![i]!);
              dtIg[t]!.push(e.dtIgnore[t]![i]!);
            }
          }
          for (const g of e.gtIgnore) if (!g) npig++;
        }
        if (npig === 0) return;
        const inds = argsortDesc(scores);
        for (let t = 0; t < T; t++) {
          const nd = inds.length;
          const rc = new Float64Array(nd);
          const pr = new Array<number>(nd);
          let tp = 0;
          let fp = 0;
          inds.forEach((i, j) => {
            const ig = dtIg[t]![i]!;
            const matched = dtm[t]![i] !== 0;
            if (matched && !ig) tp++;
            if (!matched && !ig) fp++;
            rc[j] = tp / npig;
            pr[j] = tp / (fp + tp + 2.220446049250313e-16);
          });
          recall[((t * K + k) * A + a) * M + m] = nd ? rc[nd - 1]! : 0;
          for (let i = nd - 1; i > 0; i--) if (pr[i]! > pr[i - 1]!) pr[i - 1] = pr[i]!;
          for (let r = 0; r < R; r++) {
            const pi = searchsortedLeft(rc, PARAMS.recThrs[r]!);
            precision[(((t * R + r) * K + k) * A + a) * M + m] = pi < nd ? pr[pi]! : 0;
          }
        }
      });
    });
  });
  return { precision, recall, K };
}

/** summarize(): the 12 numbers, in pycocotools' order. */
export function summarize(acc: Accumulated): number[] {
  const T = PARAMS.iouThrs.length;
  const R = PARAMS.recThrs.length;
  const A = PARAMS.areaRng.length;
  const M = PARAMS.maxDets.length;
  const { K } = acc;
  const one = (ap: boolean, iouThr: number | null, areaLbl: string, maxDets: number): number => {
    const a = (PARAMS.areaRngLbl as readonly string[]).indexOf(areaLbl);
    const m = (PARAMS.maxDets as readonly number[]).indexOf(maxDets);
    // np.where(iouThr == p.iouThrs): an exact float comparison, as in pycocotools
    const ts = iouThr === null ? [...Array(T).keys()] : [...Array(T).keys()].filter((t) => PARAMS.iouThrs[t] === iouThr);
    const vals: number[] = [];
    for (const t of ts) {
      if (ap) {
        for (let r = 0; r < R; r++) for (let k = 0; k < K; k++) vals.push(acc.precision[(((t * R + r) * K + k) * A + a) * M + m]!);
      } else {
        for (let k = 0; k < K; k++) vals.push(acc.recall[((t * K + k) * A + a) * M + m]!);
      }
    }
    const valid = vals.filter((v) => v > -1);
    return valid.length === 0 ? -1 : mean(valid);
  };
  const md = PARAMS.maxDets;
  return [
    one(true, null, 'all', 100),
    one(true, 0.5, 'all', md[2]),
    one(true, 0.75, 'all', md[2]),
    one(true, null, 'small', md[2]),
    one(true, null, 'medium', md[2]),
    one(true, null, 'large', md[2]),
    one(false, null, 'all', md[0]),
    one(false, null, 'all', md[1]),
    one(false, null, 'all', md[2]),
    one(false, null, 'small', md[2]),
    one(false, null, 'medium', md[2]),
    one(false, null, 'large', md[2]),
  ];
}
