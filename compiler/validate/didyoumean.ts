/**
 * Spelling suggestions for unknown keys, types and choices (the rule TypeScript's
 * getSpellingSuggestion uses: a case-insensitive match wins, otherwise the closest name within
 * an edit distance of about 40% of the name's length).
 */

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev2: number[] = new Array(n + 1).fill(0);
  let prev: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur: number[] = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n]!;
}

/** The candidate closest to `name`, or undefined when none is close enough to be a likely typo. */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const limit = Math.floor(name.length * 0.4) + 1;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c === name) continue;
    if (c.toLowerCase() === lower) return c;
    if (Math.abs(c.length - name.length) >= limit) continue;
    const d = editDistance(lower, c.toLowerCase());
    // Ties keep the first candidate, so callers get a stable answer for a stable order.
    if (d < limit && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
