/**
 * The few numpy behaviours pycocotools' results depend on, reproduced to the last bit:
 * np.linspace's arithmetic (i * step + start, the end point set exactly), np.sum's pairwise
 * summation (so means round as numpy's do), and searchsorted(side='left').
 */

/** np.linspace(start, stop, num, endpoint=True) as numpy computes it. */
export function linspace(start: number, stop: number, num: number): number[] {
  const step = (stop - start) / (num - 1);
  const y = Array.from({ length: num }, (_, i) => i * step + start);
  if (num > 1) y[num - 1] = stop;
  return y;
}

/** numpy's pairwise_sum for float64 (blocks of 8 accumulators up to 128 elements, then halving). */
export function pairwiseSum(a: ArrayLike<number>, lo = 0, n = a.length - lo): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[lo + i]!;
    return res;
  }
  if (n <= 128) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => a[lo + j]!);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += a[lo + i + j]!;
    let res = ((r[0]! + r[1]!) + (r[2]! + r[3]!)) + ((r[4]! + r[5]!) + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[lo + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, lo, n2) + pairwiseSum(a, lo + n2, n - n2);
}

/** np.mean of a 1-D float64 array. */
export function mean(a: ArrayLike<number>): number {
  return pairwiseSum(a) / a.length;
}

/** np.searchsorted(sorted, v, side='left'): the first index i with sorted[i] >= v. */
export function searchsortedLeft(sorted: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** np.argsort(-scores, kind='mergesort'): indices by descending score, ties in input order. */
export function argsortDesc(scores: ArrayLike<number>): number[] {
  const idx = Array.from({ length: scores.length }, (_, i) => i);
  return idx.sort((i, j) => (scores[j]! > scores[i]! ? 1 : scores[j]! < scores[i]! ? -1 : 0));
}
