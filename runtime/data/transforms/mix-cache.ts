/**
 * MMYOLO's cached Mosaic and YOLOv5MixUp (BaseMixImageTransform with use_cached=True, as the
 * RTMDet configs set them). MMYOLO keeps, per data worker, a list of the last
 * max_cached_images results that reached the transform: each sample (if its prob draw passes)
 * is appended; past the limit one entry is popped (random_pop: uniformly among all but the
 * newest, numpy's randint(0, len - 1); else the oldest); with 4 or fewer entries the sample
 * passes unchanged; otherwise the partners (Mosaic: 3, MixUp: 1) are drawn uniformly from the
 * list, the sample itself included.
 *
 * Here the list is a function of the loader's stream position (SampleStream), not of a worker's
 * history: it holds positions, simulated from the start of the run with draws keyed by
 * (seed, transform, position); an entry's content is what the transform was given at that
 * position, remembered when this thread computed it and recomputed (the pipeline replayed up to
 * the transform) when another did. So any number of workers, and a resumed run, see the same
 * caches: those of one process reading the whole stream in order (MMYOLO with one worker and
 * persistent workers). Differences from MMYOLO: a refetched sample (RandomCrop dropped it) is
 * one entry, not one per attempt; the prob, pop and partner draws come from our streams.
 */
import type { Results, Transform } from '../results.js';
import { Args } from '../cfg-args.js';
import { YolocError } from '../../errors.js';
import { mosaicMix, type MosaicGeometry } from './mosaic.js';
import { mixResults } from './mixup.js';

/** A 32-bit mix of integers (splitmix32's finaliser over a running hash). */
function hash32(...keys: number[]): number {
  let h = 0x9e3779b9;
  for (const k of keys) {
    h = (h ^ (k >>> 0) ^ Math.floor(k / 2 ** 32)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
    h = (h + 0x9e3779b9) >>> 0;
  }
  return h;
}

/** The cache's contents (positions) over the stream, simulated from position 0. */
export class CacheTimeline {
  private readonly snaps = new Map<number, number[]>();
  private at = -1;
  private entries: number[] = [];
  private static readonly SNAP = 4096;

  constructor(readonly key: number, readonly maxCached: number, readonly randomPop: boolean, readonly prob: number) {}

  /** Whether position p's prob draw lets it into the transform (MMYOLO returns early when uniform > prob). */
  taken(p: number): boolean {
    return this.prob >= 1 || hash32(this.key, p, 1) / 2 ** 32 <= this.prob;
  }

  private step(p: number): void {
    if (!this.taken(p)) return;
    this.entries.push(p);
    if (this.entries.length > this.maxCached) {
      const i = this.randomPop ? Math.floor((hash32(this.key, p, 2) / 2 ** 32) * (this.entries.length - 1)) : 0;
      this.entries.splice(i, 1);
    }
  }

  /** The cached positions right after position g was processed, in cache order. */
  after(g: number): number[] {
    if (g < this.at) {
      // restart from the nearest snapshot at or before g
      let from = -1;
      for (const k of this.snaps.keys()) if (k <= g && k > from) from = k;
      this.at = from;
      this.entries = from < 0 ? [] : [...this.snaps.get(from)!];
    }
    while (this.at < g) {
      this.at += 1;
      this.step(this.at);
      if (this.at % CacheTimeline.SNAP === CacheTimeline.SNAP - 1) this.snaps.set(this.at, [...this.entries]);
    }
    return this.entries;
  }
}

/** A small least-recently-used map. */
class Lru<V> {
  private readonly m = new Map<number, V>();
  constructor(private readonly cap: number) {}
  get(k: number): V | undefined {
    const v = this.m.get(k);
    if (v !== undefined) { this.m.delete(k); this.m.set(k, v); }
    return v;
  }
  set(k: number, v: V): void {
    this.m.delete(k);
    this.m.set(k, v);
    if (this.m.size > this.cap) this.m.delete(this.m.keys().next().value!);
  }
}

interface CacheArgs {
  maxCached: number;
  randomPop: boolean;
  prob: number;
}

/** The shared part: the timeline, the remembered inputs, the partner lookup. */
function cachedMix(name: string, cfg: Record<string, unknown>, c: CacheArgs, nPartners: number,
  mix: (r: Results, partners: Results[]) => Results): Transform {
  const tag = hash32(...Array.from(JSON.stringify(cfg), (ch) => ch.charCodeAt(0)));
  const seen = new Lru<Results>(c.maxCached + 64);
  let timeline: CacheTimeline | null = null;
  const self: Transform = {
    name,
    apply(r: Results): Results | null {
      const stream = r.dataset?.stream;
      if (!stream || r.position === undefined) {
        throw new YolocError('YC7332', `${name} with use_cached=True needs the training loader's sample stream`);
      }
      const g = r.position;
      timeline ??= new CacheTimeline(hash32(stream.seed, tag), c.maxCached, c.randomPop, c.prob);
      if (!timeline.taken(g)) return r;
      // the first attempt at this position to reach us is the cache entry (a refetch is not another)
      const first = r.visit ? !r.visit.reached.has(self) : true;
      if (first) {
        r.visit?.reached.add(self);
        seen.set(g, r);
      }
      const entries = timeline.after(g);
      if (entries.length <= 4) return r;
      const at = (p: number): Results => {
        if (p === g && first) return r;
        let v = seen.get(p);
        if (!v) {
          v = stream.inputAt(p, self);
          seen.set(p, v);
        }
        return v;
      };
      const picks: number[] = [];
      for (let k = 0; k < nPartners; k++) picks.push(entries[r.rng.int(0, entries.length)]!);
      return mix(r, picks.map(at));
    },
  };
  return self;
}

function cacheArgs(a: Args, dflt: number, least: number): CacheArgs {
  const maxCached = a.num('max_cached_images', dflt);
  if (!Number.isInteger(maxCached) || maxCached < least) throw new YolocError('YC7330', `${a.owner}: max_cached_images must be an integer >= ${least}, got ${maxCached}`);
  const prob = a.num('prob', 1);
  if (!(prob >= 0 && prob <= 1)) throw new YolocError('YC7330', `${a.owner}: prob must lie in [0, 1], got ${prob}`);
  if (a.list('pre_transform').length) throw new YolocError('YC7331', `${a.owner}: pre_transform with use_cached=True is not supported`);
  return { maxCached, randomPop: a.bool('random_pop', true), prob };
}

/** Mosaic(use_cached=True). */
export function cachedMosaic(cfg: Record<string, unknown>): Transform {
  const a = new Args('Mosaic', cfg);
  const [scaleW, scaleH] = a.nums('img_scale', [640, 640], 2, true) as [number, number];
  const [cLo, cHi] = a.nums('center_ratio_range', [0.5, 1.5], 2);
  const geo: MosaicGeometry = { scaleW, scaleH, cLo: cLo!, cHi: cHi!, clip: a.bool('bbox_clip_border', true), padVal: a.num('pad_val', 114) };
  return cachedMix('Mosaic', cfg, cacheArgs(a, 40, 4), 3, (r, partners) => mosaicMix(r, partners, geo));
}

/** YOLOv5MixUp(use_cached=True). */
export function cachedMixUp(cfg: Record<string, unknown>): Transform {
  const a = new Args('YOLOv5MixUp', cfg);
  const alpha = a.num('alpha', 32);
  const beta = a.num('beta', 32);
  if (!(alpha > 0 && beta > 0)) throw new YolocError('YC7330', `YOLOv5MixUp: alpha and beta must be positive, got ${alpha}, ${beta}`);
  return cachedMix('YOLOv5MixUp', cfg, cacheArgs(a, 20, 2), 1, (r, [other]) => mixResults(r, other!, r.rng.beta(alpha, beta)));
}
