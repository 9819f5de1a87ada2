/**
 * The fuzz worker thread: runs cases [start, end) of one seed in order and reports each to the
 * parent before and after, so the parent can tell a hang or an out-of-memory death from a result.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { runCase, prepareRoot } from './harness.js';
import { caseAt } from './inputs.js';

/** What the parent sends. */
export interface WorkerJob {
  seed: number;
  start: number;
  end: number;
}

const job = workerData as WorkerJob;
const root = mkdtempSync(path.join(tmpdir(), 'yoloc-fuzz-'));
try {
  prepareRoot(root);
  for (let i = job.start; i < job.end; i++) {
    const c = caseAt(job.seed, i);
    parentPort!.postMessage({ type: 'start', i, kind: c.kind });
    // One case in four goes through the resolve cache, as the CLI's repeated resolves do.
    const r = runCase(c, root, i % 4 === 0);
    parentPort!.postMessage({ type: 'done', i, kind: c.kind, ...r });
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
