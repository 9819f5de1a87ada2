/**
 * The data loader: per epoch, an index order (seeded shuffle or identity), samples prepared
 * in worker threads (or in this thread when num_workers is 0) and collated into batches in
 * order. Up to `prefetch` batches are in flight ahead of the consumer, so a training step
 * finds its next batch ready. A sample depends only on (seed, epoch, index): any number of
 * workers yields the same batches as the in-thread path.
 */
import { Worker } from 'node:worker_threads';
import { YOLOv5CocoDataset, type DatasetCfg } from './dataset.js';
import { collate, type Batch, type PreprocessCfg } from './collate.js';
import { epochOrder } from './order.js';
import { YolocError } from '../errors.js';
import type { PackedSample, TransformCfg } from './results.js';
import type { WorkerInit, WorkerReply, WorkerTask } from './worker.js';

/** Options of DataLoader (train_dataloader / val_dataloader of a config, plus the preprocessor). */
export interface LoaderOptions {
  dataset: DatasetCfg;
  baseDir?: string;
  batchSize: number;
  shuffle?: boolean;
  dropLast?: boolean;
  numWorkers?: number;
  seed?: number;
  /** Batches prepared ahead of the consumer (default 2). */
  prefetch?: number;
  preprocess?: PreprocessCfg;
  warn?: (msg: string) => void;
  /** PipelineSwitchHook (training set): from 0-based epoch `epoch` on, samples go through `pipeline`. */
  switchPipeline?: { epoch: number; pipeline: TransformCfg[] } | null;
}

/**
 * Starts a worker on worker.ts. Under tsx (this file is .ts) Node 20 does not reliably carry
 * the `--import tsx` hooks into worker threads, so a tiny eval'd bootstrap registers tsx's
 * ESM hooks inside the thread first, then imports the TypeScript entry.
 */
function spawnWorker(init: WorkerInit): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { workerData: init });
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(new URL('./worker.ts', import.meta.url).href);
  const boot = `import(${api}).then((m) => { m.register(); return import(${entry}); })`;
  return new Worker(boot, { eval: true, workerData: init, execArgv: [] });
}

/** Batches of a dataset, epoch by epoch. */
export class DataLoader {
  readonly dataset: YOLOv5CocoDataset;
  private workers: Worker[] = [];
  private pending = new Map<number, { resolve: (s: PackedSample) => void; reject: (e: unknown) => void }>();
  private nextId = 0;
  private rr = 0;
  private closing = false;
  private broken: YolocError | null = null;
  private readonly seed: number;

  constructor(readonly opts: LoaderOptions) {
    if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1) throw new YolocError('YC7308', `batch size must be a positive integer, not ${opts.batchSize}`);
    this.dataset = new YOLOv5CocoDataset(opts.dataset, { baseDir: opts.baseDir, warn: opts.warn, switchPipeline: opts.switchPipeline });
    this.seed = opts.seed ?? 0;
    const n = opts.numWorkers ?? 0;
    // the reading order as a stream of positions (cached Mosaic/MixUp key on it), the same in every worker
    const stream = { seed: this.seed, shuffle: opts.shuffle ?? false, perEpoch: Math.min(this.dataset.length, this.length * opts.batchSize) };
    this.dataset.setStream(stream);
    const init: WorkerInit = { dataset: opts.dataset, baseDir: opts.baseDir, seed: this.seed, switchPipeline: opts.switchPipeline ?? null, stream };
    for (let i = 0; i < n; i++) {
      const w = spawnWorker(init);
      w.on('message', (m: WorkerReply) => this.settle(m));
      w.on('error', (e) => this.failAll(e));
      w.on('exit', (code) => { if (!this.closing) this.failAll(new Error(`worker exited with code ${code}`)); });
      w.unref(); // referenced only while tasks are pending (see track), so an idle loader never holds the process
      this.workers.push(w);
    }
  }

  /** Batches per epoch. */
  get length(): number {
    const n = this.dataset.length, b = this.opts.batchSize;
    return this.opts.dropLast ? Math.floor(n / b) : Math.ceil(n / b);
  }

  /** The dataset index order of an epoch. */
  order(epoch: number): number[] {
    const n = this.dataset.length;
    return epochOrder(this.seed, n, this.opts.shuffle ?? false, epoch);
  }

  private track(): void {
    for (const w of this.workers) if (this.pending.size) w.ref(); else w.unref();
  }

  private settle(m: WorkerReply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (!this.pending.size) this.track();
    if ('error' in m) p.reject(new YolocError(m.error.code, m.error.message, m.error.file, m.error.fix));
    else p.resolve(m.sample);
  }

  private failAll(e: unknown): void {
    // a dead worker would never answer: fail what is pending and everything asked later
    this.broken ??= new YolocError('YC7309', `a data worker failed: ${(e as Error)?.message ?? String(e)}`);
    for (const p of this.pending.values()) p.reject(this.broken);
    this.pending.clear();
    this.track();
  }

  private sample(index: number, epoch: number, pos: number): Promise<PackedSample> {
    if (!this.workers.length) {
      try {
        return Promise.resolve(this.dataset.prepare(index, epoch, this.seed, pos));
      } catch (e) {
        return Promise.reject(e);
      }
    }
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    const w = this.workers[this.rr++ % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.track();
      w.postMessage({ id, index, epoch, pos } satisfies WorkerTask);
    });
  }

  private batchJob(indices: number[], epoch: number, first: number): Promise<Batch> {
    return Promise.all(indices.map((i, j) => this.sample(i, epoch, first + j))).then((s) => collate(s, indices, this.opts.preprocess));
  }

  /** Yields the batches of one epoch in order from batch `start` (a resumed partial epoch), keeping `prefetch` in flight. */
  async *epoch(epoch: number, start = 0): AsyncGenerator<Batch> {
    const order = this.order(epoch);
    const b = this.opts.batchSize;
    const groups: number[][] = [];
    // Every sample depends only on (seed, epoch, index): skipping batches leaves the rest unchanged.
    const firsts: number[] = [];
    for (let i = start; i < this.length; i++) { groups.push(order.slice(i * b, (i + 1) * b)); firsts.push(i * b); }
    const ahead = Math.max(1, this.opts.prefetch ?? 2);
    const queue: Promise<Batch>[] = [];
    let next = 0;
    const fill = () => {
      while (queue.length < ahead && next < groups.length) {
        const job = this.batchJob(groups[next]!, epoch, firsts[next]!);
        next++;
        job.catch(() => {}); // surfaced when awaited; avoids an unhandled rejection meanwhile
        queue.push(job);
      }
    };
    // in-thread, "prefetch" would only front-load the work: prepare lazily there
    if (!this.workers.length) {
      for (let i = 0; i < groups.length; i++) yield await this.batchJob(groups[i]!, epoch, firsts[i]!);
      return;
    }
    fill();
    while (queue.length) {
      const batch = await queue.shift()!;
      fill();
      yield batch;
    }
  }

  /** Stops the worker threads. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
  }
}
