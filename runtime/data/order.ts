/** The order a loader reads a dataset in during an epoch: a seeded shuffle, or 0..n-1. */
import { Rng } from './rng.js';

/** Dataset indices in reading order for `epoch`. */
export function epochOrder(seed: number, n: number, shuffle: boolean, epoch: number): number[] {
  return shuffle ? new Rng(seed, 0x5eed, epoch).permutation(n) : Array.from({ length: n }, (_, i) => i);
}
