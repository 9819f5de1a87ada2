/**
 * Data pipeline throughput (not a test): ms per training sample of the seed config's pipeline
 * (Mosaic, affine, Albu p=0.01, HSV, flip) in this thread and with worker threads.
 * Usage: node --import tsx tests/data/bench-loader.ts [--size 640] [--images 16] [--workers 0,2]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { synthDataset } from '../../runtime/data/synth.js';
import { DataLoader } from '../../runtime/data/loader.js';
import { trainPipeline, datasetCfg } from './helpers.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: '640' }, images: { type: 'string', default: '16' }, workers: { type: 'string', default: '0,2' } } });
const S = Number(values.size), N = Number(values.images);
const root = mkdtempSync(path.join(tmpdir(), 'yoloc-bench-'));
let t0 = performance.now();
const c0 = process.cpuUsage();
synthDataset({ out: root, train: N, val: 0, size: S, seed: 1 });
const c = process.cpuUsage(c0);
console.log(`synth: ${((performance.now() - t0) / N).toFixed(0)} ms/image wall, ${((c.user + c.system) / 1000 / N).toFixed(0)} ms CPU/image at ${S}`);
const pipeline = trainPipeline(S).map((t) => (t.type === 'mmdet.Albu' ? { ...t, transforms: (t.transforms as { type: string }[]).map((a) => ({ ...a, p: 0.01 })) } : t));
for (const workers of values.workers.split(',').map(Number)) {
  const l = new DataLoader({ dataset: datasetCfg(root, 'train', pipeline), batchSize: 8, numWorkers: workers, seed: 1 });
  for await (const _ of l.epoch(0)) { /* warm-up: JIT, worker start-up */ }
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let n = 0;
  for (let e = 1; e <= 2; e++) for await (const b of l.epoch(e)) n += b.shape[0];
  // CPU time of this thread is the honest figure on a shared machine; with workers, wall time
  const cpu = process.cpuUsage(cpu0);
  const cpuNote = workers ? '' : `, ${((cpu.user + cpu.system) / 1000 / n).toFixed(0)} ms CPU/sample`;
  console.log(`workers=${workers}: ${((performance.now() - t0) / n).toFixed(0)} ms/sample wall${cpuNote} (${n} samples, batch 8, ${S}x${S})`);
  await l.close();
}
rmSync(root, { recursive: true, force: true });
