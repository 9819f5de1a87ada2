/**
 * The loader's worker thread: builds the dataset from its config once, then answers
 * {id, index, epoch} with the packed sample (buffers transferred, not copied) or the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { YOLOv5CocoDataset, type DatasetCfg } from './dataset.js';
import { YolocError } from '../errors.js';
import type { PackedSample, TransformCfg } from './results.js';

/** What the loader sends at start (workerData). */
export interface WorkerInit {
  dataset: DatasetCfg;
  baseDir?: string;
  seed: number;
  switchPipeline?: { epoch: number; pipeline: TransformCfg[] } | null;
  /** How the loader reads the dataset (DataLoader's stream: positions for cached transforms). */
  stream?: { seed: number; shuffle: boolean; perEpoch: number };
}

/** A task: prepare sample `index` of `epoch`, read at place `pos` of the epoch's order. */
export type WorkerTask = { id: number; index: number; epoch: number; pos?: number };
/** The answer to a task: the packed sample, or the error as plain data. */
export type WorkerReply =
  | { id: number; sample: PackedSample }
  | { id: number; error: { code: string; message: string; file?: string; fix?: string } };

const init = workerData as WorkerInit;
let ds: YOLOv5CocoDataset | null = null;
let initError: unknown = null;
try {
  ds = new YOLOv5CocoDataset(init.dataset, { baseDir: init.baseDir, warn: () => {}, switchPipeline: init.switchPipeline });
  if (init.stream) ds.setStream(init.stream);
} catch (e) {
  initError = e;
}

function asReply(id: number, e: unknown): WorkerReply {
  if (e instanceof YolocError) return { id, error: { code: e.code, message: e.message, file: e.file, fix: e.fix } };
  return { id, error: { code: 'YC7000', message: `data worker: ${(e as Error)?.message ?? String(e)}` } };
}

parentPort!.on('message', (t: WorkerTask) => {
  if (!ds) {
    parentPort!.postMessage(asReply(t.id, initError));
    return;
  }
  try {
    const s = ds.prepare(t.index, t.epoch, init.seed, t.pos);
    const transfer = [s.img.buffer, s.gt_bboxes.buffer, s.gt_labels.buffer, s.ignored_bboxes.buffer, s.ignored_labels.buffer] as ArrayBuffer[];
    parentPort!.postMessage({ id: t.id, sample: s } satisfies WorkerReply, [...new Set(transfer)]);
  } catch (e) {
    parentPort!.postMessage(asReply(t.id, e));
  }
});
