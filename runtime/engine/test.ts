/** TestLoop: a checkpoint's weights on the config's test_dataloader, scored by CocoMetric. */
import path from 'node:path';
import { writeFileSync, renameSync } from 'node:fs';
import { buildDetector } from '../model/build.js';
import { loadStateDict } from '../io/weights.js';
import { readWeightsFile } from '../io/weights-file.js';
import { DataLoader } from '../data/loader.js';
import { loadCoco } from '../data/coco.js';
import { YolocError } from '../errors.js';
import { loaderOptions, isDict } from './setup.js';
import { predictLoader, type CocoResult } from './evaluate.js';
import { cocoMetrics } from './metric.js';

export interface TestOptions {
  config: Record<string, unknown>;
  /** Weights: a yoloc checkpoint (its deploy/EMA state_dict), a .safetensors or a .pth. */
  checkpoint: string;
  baseDir?: string;
  /** Also write the detections as COCO results JSON here. */
  outFile?: string;
  onProgress?: (done: number, total: number) => void;
}

/** Runs the test loop; returns MMDetection's coco/bbox_* metrics and the detections. */
export async function test(opts: TestOptions): Promise<{ metrics: Record<string, number>; results: CocoResult[] }> {
  const cfg = opts.config;
  const baseDir = opts.baseDir ?? process.cwd();
  if (!isDict(cfg.model)) throw new YolocError('YC7402', 'config has no model dict');
  const key = isDict(cfg.test_dataloader) ? 'test_dataloader' : 'val_dataloader';
  const evaluator = isDict(cfg.test_evaluator) ? cfg.test_evaluator : isDict(cfg.val_evaluator) ? cfg.val_evaluator : null;
  if (!evaluator || typeof evaluator.ann_file !== 'string') throw new YolocError('YC7402', 'config test_evaluator.ann_file (CocoMetric) is missing');
  const model = buildDetector(cfg.model);
  try {
    loadStateDict(model, readWeightsFile(opts.checkpoint), { strict: true, file: opts.checkpoint });
    const loader = new DataLoader(loaderOptions(cfg, key, baseDir, 0));
    try {
      const annFile = path.resolve(baseDir, evaluator.ann_file);
      const catIds = loadCoco(annFile, '', loader.dataset.classes).catIds;
      const results = await predictLoader(model, loader, catIds, opts.onProgress);
      if (opts.outFile) {
        const tmp = `${opts.outFile}.tmp-${process.pid}`;
        writeFileSync(tmp, JSON.stringify(results));
        renameSync(tmp, opts.outFile);
      }
      return { metrics: cocoMetrics(annFile, results), results };
    } finally {
      await loader.close();
    }
  } finally {
    model.dispose();
  }
}
