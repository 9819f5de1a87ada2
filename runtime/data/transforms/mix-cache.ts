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
import { flipImage, fullImage, pasteImage, resizeImage } from '../image.js';
import { clipBoxes, concatRows, flipBoxes, rescaleBoxes, selectRows, translateBoxes } from '../boxes.js';
import { cropImage } from './random-crop.js';

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
  /** MMYOLO: the prob draw decides whether a sample enters the cache at all; mmdet's Cached*
   * classes cache every sample and draw prob afterwards (from the sample's stream). */
  probGatesCache: boolean;
  /** mmdet draws partners with randint(0, len - 1): never the newest entry (the sample itself). */
  excludeNewest: boolean;
  /** A sample passes unchanged while the cache holds this many entries or fewer. */
  passThrough: number;
}

/** The shared part: the timeline, the remembered inputs, the partner lookup. */
function cachedMix(name: string, cfg: Record<string, unknown>, c: CacheArgs, nPartners: number,
  mix: (r: Results, partners: Results[]) => Results | null,
  pick?: (r: Results, entries: number[], at: (p: number) => Results) => number | null): Transform {
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
      timeline ??= new CacheTimeline(hash32(stream.seed, tag), c.maxCached, c.randomPop, c.probGatesCache ? c.prob : 1);
      if (!timeline.taken(g)) return r;
      // the first attempt at this position to reach us is the cache entry (a refetch is not another)
      const first = r.visit ? !r.visit.reached.has(self) : true;
      if (first) {
        r.visit?.reached.add(self);
        seen.set(g, r);
      }
      const entries = timeline.after(g);
      if (entries.length <= c.passThrough) return r;
      if (!c.probGatesCache && r.rng.random() > c.prob) return r;
      const at = (p: number): Results => {
        if (p === g && first) return r;
        let v = seen.get(p);
        if (!v) {
          v = stream.inputAt(p, self);
          seen.set(p, v);
        }
        return v;
      };
      const span = c.excludeNewest ? entries.length - 1 : entries.length;
      const picks: number[] = [];
      if (pick) {
        const p = pick(r, entries.slice(0, span), at);
        if (p === null) return r;
        picks.push(p);
      } else {
        for (let k = 0; k < nPartners; k++) picks.push(entries[r.rng.int(0, span)]!);
      }
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
  return { maxCached, randomPop: a.bool('random_pop', true), prob, probGatesCache: true, excludeNewest: false, passThrough: 4 };
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

/** Rows of `r` whose box lies at least partly inside (h, w) (HorizontalBoxes.is_inside). */
function keepInside(r: Results, h: number, w: number): Results {
  const b = r.gt_bboxes ?? new Float32Array(0);
  const keep: boolean[] = [];
  for (let i = 0; i < b.length; i += 4) keep.push(b[i]! < w && b[i + 1]! < h && b[i + 2]! > 0 && b[i + 3]! > 0);
  return {
    ...r, gt_bboxes: selectRows(b, keep, 4),
    gt_bboxes_labels: selectRows(r.gt_bboxes_labels ?? new Int32Array(keep.length), keep, 1),
    gt_ignore_flags: selectRows(r.gt_ignore_flags ?? new Uint8Array(keep.length), keep, 1),
  };
}

/** mmdet's cache rules: every sample enters, prob is drawn after, partners never the newest entry. */
function mmdetCacheArgs(a: Args, dflt: number, least: number, passThrough: number): CacheArgs {
  const maxCached = a.num('max_cached_images', dflt);
  if (!Number.isInteger(maxCached) || maxCached < least) throw new YolocError('YC7330', `${a.owner}: max_cached_images must be an integer >= ${least}, got ${maxCached}`);
  const prob = a.num('prob', 1);
  if (!(prob >= 0 && prob <= 1)) throw new YolocError('YC7330', `${a.owner}: prob must lie in [0, 1], got ${prob}`);
  return { maxCached, randomPop: a.bool('random_pop', true), prob, probGatesCache: false, excludeNewest: true, passThrough };
}

/**
 * mmdet CachedMosaic: img_scale is (h, w); every sample is cached; with more than 4 entries and
 * the prob draw passed, three partners among the entries before this one; after the mosaic the
 * boxes are clipped (bbox_clip_border) and those outside the canvas dropped.
 */
export function mmdetCachedMosaic(cfg: Record<string, unknown>): Transform {
  const a = new Args('CachedMosaic', cfg);
  const [h, w] = a.nums('img_scale', [640, 640], 2, true) as [number, number];
  const [cLo, cHi] = a.nums('center_ratio_range', [0.5, 1.5], 2);
  const geo: MosaicGeometry = { scaleW: w, scaleH: h, cLo: cLo!, cHi: cHi!, clip: a.bool('bbox_clip_border', true), padVal: a.num('pad_val', 114) };
  return cachedMix('CachedMosaic', cfg, mmdetCacheArgs(a, 40, 4, 4), 3, (r, partners) => keepInside(mosaicMix(r, partners, geo), 2 * h, 2 * w));
}

/**
 * mmdet CachedMixUp (YOLOX's mixup): every sample is cached; with more than one entry and the prob
 * draw passed, a partner among the earlier entries (up to max_iters draws for one with boxes);
 * it is keep-ratio resized into an img_scale (h, w) canvas of pad_val, scaled by
 * uniform(ratio_range), flipped when uniform > flip_ratio, zero-padded to cover this image and
 * cropped at random offsets; the images are averaged 0.5 / 0.5, the boxes concatenated (this
 * sample's first) and those outside dropped.
 */
export function mmdetCachedMixUp(cfg: Record<string, unknown>): Transform {
  const a = new Args('CachedMixUp', cfg);
  const [sh, sw] = a.nums('img_scale', [640, 640], 2, true) as [number, number];
  const [lo, hi] = a.nums('ratio_range', [0.5, 1.5], 2);
  const flipRatio = a.num('flip_ratio', 0.5);
  const padVal = a.num('pad_val', 114);
  const maxIters = a.num('max_iters', 15);
  const clip = a.bool('bbox_clip_border', true);
  const pick = (r: Results, entries: number[], at: (p: number) => Results): number | null => {
    let p = entries[0]!;
    for (let i = 0; i < maxIters; i++) {
      p = entries[r.rng.int(0, entries.length)]!;
      if ((at(p).gt_bboxes?.length ?? 0) !== 0) break;
    }
    return (at(p).gt_bboxes?.length ?? 0) === 0 ? null : p;
  };
  const mix = (r: Results, [other]: Results[]): Results => {
    const jit = r.rng.uniform(lo!, hi!);
    const flip = r.rng.random() > flipRatio;
    const src = other!.img!;
    const canvas = fullImage(sh, sw, src.c, padVal);
    const ratio = Math.min(sh / src.h, sw / src.w);
    const resized = resizeImage(src, Math.trunc(src.w * ratio), Math.trunc(src.h * ratio));
    pasteImage(canvas, resized, 0, 0, 0, 0, resized.w, resized.h);
    let out = resizeImage(canvas, Math.trunc(sw * jit), Math.trunc(sh * jit));
    if (flip) out = flipImage(out);
    const ori = r.img!;
    const [oh, ow, th, tw] = [out.h, out.w, ori.h, ori.w];
    const padded = fullImage(Math.max(oh, th), Math.max(ow, tw), out.c, 0);
    pasteImage(padded, out, 0, 0, 0, 0, ow, oh);
    const yOff = padded.h > th ? r.rng.int(0, padded.h - th) : 0;
    const xOff = padded.w > tw ? r.rng.int(0, padded.w - tw) : 0;
    const cropped = cropImage(padded, xOff, yOff, tw, th);
    let b = rescaleBoxes(other!.gt_bboxes!, ratio * jit, ratio * jit);
    if (clip) b = clipBoxes(b, oh, ow);
    if (flip) b = flipBoxes(b, ow);
    b = translateBoxes(b, -xOff, -yOff);
    if (clip) b = clipBoxes(b, th, tw);
    const data = new Uint8Array(ori.data.length);
    for (let i = 0; i < data.length; i++) data[i] = Math.trunc(0.5 * ori.data[i]! + 0.5 * cropped.data[i]!);
    const mixed: Results = {
      ...r, img: { h: th, w: tw, c: ori.c, data }, img_shape: [th, tw],
      gt_bboxes: concatRows([r.gt_bboxes ?? new Float32Array(0), b], new Float32Array(0)),
      gt_bboxes_labels: concatRows([r.gt_bboxes_labels ?? new Int32Array(0), other!.gt_bboxes_labels ?? new Int32Array(0)], new Int32Array(0)),
      gt_ignore_flags: concatRows([r.gt_ignore_flags ?? new Uint8Array(0), other!.gt_ignore_flags ?? new Uint8Array(0)], new Uint8Array(0)),
    };
    return keepInside(mixed, th, tw);
  };
  return cachedMix('CachedMixUp', cfg, mmdetCacheArgs(a, 20, 2, 1), 1, mix, pick);
}
