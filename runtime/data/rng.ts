/**
 * The data pipeline's random numbers: sfc32 seeded through splitmix32 from (seed, epoch,
 * index), so a sample's augmentation depends only on those three numbers and any worker
 * thread computes the same result as the main thread.
 */

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A small, fast, seedable generator (sfc32); not for cryptography. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seeds from any list of integers (e.g. seed, epoch, index). */
  constructor(...keys: number[]) {
    let h = 0x1234567;
    for (const k of keys) {
      const mix = splitmix32(h ^ (k >>> 0) ^ Math.floor(k / 2 ** 32));
      h = mix() ^ mix();
    }
    const m = splitmix32(h);
    this.a = m(); this.b = m(); this.c = m(); this.d = m();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A uint32. */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  random(): number {
    return this.next() / 2 ** 32;
  }

  /** Uniform in [lo, hi), as Python's random.uniform. */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.random();
  }

  /** An integer in [lo, hi) (hi exclusive, as numpy's randint). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo));
  }

  /** A fresh generator derived from this one (for a sub-task that must not shift our stream). */
  fork(tag: number): Rng {
    return new Rng(this.next(), tag);
  }

  /** Fisher-Yates shuffle of 0..n-1. */
  permutation(n: number): number[] {
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(0, i + 1);
      [p[i], p[j]] = [p[j]!, p[i]!];
    }
    return p;
  }
}
