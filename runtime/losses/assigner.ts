/**
 * YOLOv5's positive-sample assignment (MMYOLO YOLOv5Head.loss_by_feat), in plain TypeScript.
 * It depends only on the GT rows and the feature-map shapes, never on predictions (no gradient
 * flows through it), so it runs on the CPU before the differentiable part. Every arithmetic
 * step is rounded to float32 with Math.fround, as PyTorch does it on float32 tensors, so the
 * matching, the neighbour cells and the target boxes come out bit for bit as MMYOLO's.
 */

const f = Math.fround;

/** Neighbour offsets in MMYOLO's order: centre, left (x-1), up (y-1), right (x+1), bottom (y+1). */
export const OFFSETS: readonly (readonly [number, number])[] = [[0, 0], [1, 0], [0, 1], [-1, 0], [0, -1]];

/** The positives of one level, in MMYOLO's enumeration order (offset, then prior, then GT). */
export interface LevelAssignment {
  /** Number of positive rows. */
  count: number;
  img: Int32Array;
  label: Int32Array;
  prior: Int32Array;
  gx: Int32Array;
  gy: Int32Array;
  offset: Int32Array;
  gtIndex: Int32Array;
  /** [count, 4] target boxes (cx - cell_x, cy - cell_y, w, h) in grid units, float32. */
  tbox: Float32Array;
  /** [count, 2] the prior's (w, h) in grid units, float32. */
  anchor: Float32Array;
}

/** Python's `%` on float32 (sign of the divisor), as torch.remainder computes it. */
function pyMod1(a: number): number {
  return f(a - Math.floor(a));
}

/** GT rows [img, label, x1, y1, x2, y2] (pixels) -> [img, label, cx, cy, w, h] in 0..1, float32. */
export function normalizeGt(gt: Float32Array, inputH: number, inputW: number): Float32Array {
  const n = Math.floor(gt.length / 6);
  const out = new Float32Array(n * 6);
  for (let i = 0; i < n; i++) {
    const [img, label, x1, y1, x2, y2] = [0, 1, 2, 3, 4, 5].map((k) => gt[i * 6 + k]!) as number[];
    out[i * 6] = img!;
    out[i * 6 + 1] = label!;
    out[i * 6 + 2] = f(f(f(x2! + x1!) / 2) / inputW);
    out[i * 6 + 3] = f(f(f(y2! + y1!) / 2) / inputH);
    out[i * 6 + 4] = f(f(x2! - x1!) / inputW);
    out[i * 6 + 5] = f(f(y2! - y1!) / inputH);
  }
  return out;
}

/**
 * Assigns the normalised GT rows to one level's cells and priors.
 * `anchorsPx` are the level's prior sizes in input pixels ([w, h] per prior).
 */
export function assignLevel(
  gtNorm: Float32Array,
  gridH: number,
  gridW: number,
  anchorsPx: readonly (readonly [number, number])[],
  stride: number,
  priorMatchThr = 4.0,
  nearNeighborThr = 0.5,
): LevelAssignment {
  const n = Math.floor(gtNorm.length / 6);
  const numPriors = anchorsPx.length;
  const anchors = anchorsPx.map(([w, h]) => [f(f(w) / stride), f(f(h) / stride)] as const);
  const gxy: number[][] = [];
  const gwh: number[][] = [];
  const cond: boolean[][] = [];
  for (let i = 0; i < n; i++) {
    const x = f(gtNorm[i * 6 + 2]! * gridW);
    const y = f(gtNorm[i * 6 + 3]! * gridH);
    gxy.push([x, y]);
    gwh.push([f(gtNorm[i * 6 + 4]! * gridW), f(gtNorm[i * 6 + 5]! * gridH)]);
    const invX = f(gridW - x);
    const invY = f(gridH - y);
    cond.push([
      true,
      pyMod1(x) < nearNeighborThr && x > 1,
      pyMod1(y) < nearNeighborThr && y > 1,
      pyMod1(invX) < nearNeighborThr && invX > 1,
      pyMod1(invY) < nearNeighborThr && invY > 1,
    ]);
  }
  // shape match: max over (w, h) of max(r, 1/r) < thr, with r = gt / prior in float32
  const matched = anchors.map(([aw, ah]) =>
    gwh.map(([w, h]) => {
      const rw = f(w! / aw);
      const rh = f(h! / ah);
      return Math.max(rw, f(1 / rw), rh, f(1 / rh)) < priorMatchThr;
    }),
  );
  const rows: { o: number; a: number; i: number }[] = [];
  for (let o = 0; o < OFFSETS.length; o++) {
    for (let a = 0; a < numPriors; a++) {
      for (let i = 0; i < n; i++) if (matched[a]![i] && cond[i]![o]) rows.push({ o, a, i });
    }
  }
  const count = rows.length;
  const res: LevelAssignment = {
    count,
    img: new Int32Array(count), label: new Int32Array(count), prior: new Int32Array(count),
    gx: new Int32Array(count), gy: new Int32Array(count), offset: new Int32Array(count),
    gtIndex: new Int32Array(count), tbox: new Float32Array(count * 4), anchor: new Float32Array(count * 2),
  };
  rows.forEach(({ o, a, i }, r) => {
    const [ox, oy] = OFFSETS[o]!;
    const [cx, cy] = gxy[i]!;
    const cellX = Math.trunc(f(cx! - ox * nearNeighborThr));
    const cellY = Math.trunc(f(cy! - oy * nearNeighborThr));
    res.img[r] = Math.trunc(gtNorm[i * 6]!);
    res.label[r] = Math.trunc(gtNorm[i * 6 + 1]!);
    res.prior[r] = a;
    res.gx[r] = cellX;
    res.gy[r] = cellY;
    res.offset[r] = o;
    res.gtIndex[r] = i;
    res.tbox.set([f(cx! - cellX), f(cy! - cellY), gwh[i]![0]!, gwh[i]![1]!], r * 4);
    res.anchor.set(anchors[a]!, r * 2);
  });
  return res;
}

/**
 * For the objectness target's scatter: the rows that survive "last write wins" when several
 * positives hit the same (img, prior, y, x) cell, with their flat index under `cellIndex`.
 * A later row overwrites an earlier one, exactly as PyTorch's sequential index_put does.
 */
export function lastWriters(
  asg: LevelAssignment,
  cellIndex: (img: number, prior: number, gy: number, gx: number) => number,
): { rows: Int32Array; cells: Int32Array } {
  const winner = new Map<number, number>();
  for (let r = 0; r < asg.count; r++) winner.set(cellIndex(asg.img[r]!, asg.prior[r]!, asg.gy[r]!, asg.gx[r]!), r);
  const cells = Int32Array.from(winner.keys());
  const rows = Int32Array.from(winner.values());
  return { rows, cells };
}
