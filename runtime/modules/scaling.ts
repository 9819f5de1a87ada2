/**
 * MMYOLO's width/depth scaling rules (mmyolo/models/utils/misc.py), bit for bit.
 * Pure TypeScript: the compiler's shape checker and the tfjs runtime both import this, so
 * the two can never disagree on a channel count.
 */

/** Python's round() to an integer: half-to-even (round(2.5) == 2, round(3.5) == 4). */
export function pyRound(x: number): number {
  const f = Math.floor(x);
  const diff = x - f; // exact for doubles below 2^52
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** make_divisible(x, widen_factor, divisor=8) = ceil(x * widen_factor / divisor) * divisor (always up). */
export function makeDivisible(x: number, widenFactor = 1.0, divisor = 8): number {
  return Math.ceil((x * widenFactor) / divisor) * divisor;
}

/** make_round(x, deepen_factor) = max(round(x * deepen_factor), 1) if x > 1 else x. */
export function makeRound(x: number, deepenFactor = 1.0): number {
  return x > 1 ? Math.max(pyRound(x * deepenFactor), 1) : x;
}

/**
 * A pre-widen channel count c such that makeDivisible(c, w) === target, preferring target / w
 * (what a person would write), or undefined when none exists (target not a multiple of 8).
 * Used for "set in_channels to [...]" fixes.
 */
export function unwidenChannels(target: number, widenFactor: number): number | undefined {
  if (!(target > 0) || target % 8 !== 0 || !(widenFactor > 0)) return undefined;
  const guess = Math.round(target / widenFactor);
  if (makeDivisible(guess, widenFactor) === target) return guess;
  // make_divisible(c, w) == target needs target - 8 < c * w <= target: a short interval to scan.
  const lo = Math.max(1, Math.floor((target - 8) / widenFactor));
  const hi = Math.min(Math.ceil(target / widenFactor), lo + 4096);
  for (let c = lo; c <= hi; c++) if (makeDivisible(c, widenFactor) === target) return c;
  return undefined;
}
