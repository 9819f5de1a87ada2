/**
 * Inference on image files as MMDetection's DetInferencer does it: the config's test pipeline
 * (keep-ratio resize, letterbox), the preprocessor, an eval-mode forward, decode + NMS as
 * test_cfg says, boxes back in original-image pixels; COCO results JSON and a PNG per image
 * with the boxes and class names drawn.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, writeFileSync, renameSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildDetector } from '../model/build.js';
import { loadStateDict } from '../io/weights.js';
import { readWeightsFile } from '../io/weights-file.js';
import { predictByFeat, type Detections } from '../model/predict.js';
import { predictingHead } from '../model/contracts.js';
import { buildPipeline, collate, readImage, encodePng, Rng, loadCoco, type TransformCfg, type PreprocessCfg } from '../data/index.js';
import { YolocError } from '../errors.js';
import { drawDetections } from '../vis/draw.js';
import { isDict } from './setup.js';
import { batchTensor, evalForward, type CocoResult } from './evaluate.js';

export interface InferOptions {
  config: Record<string, unknown>;
  /** Weights; optional with `onnx` (the graph carries its own). */
  checkpoint?: string;
  /** A raw-output ONNX export to run instead of exporting the model (implies engine 'onnxruntime'). */
  onnx?: string;
  images: string[];
  outDir: string;
  /** Boxes below this score are not drawn (all are written to the JSON). */
  drawThr?: number;
  baseDir?: string;
  /** 'tfjs' (default: the selected tfjs backend) or 'onnxruntime' (the model exported to ONNX, run by onnxruntime-node). */
  engine?: 'tfjs' | 'onnxruntime';
}

function writeAtomic(file: string, data: string | Buffer): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/** Class names of the config: the dataset's metainfo, else the annotation file's categories. */
function classNamesOf(cfg: Record<string, unknown>, baseDir: string): { names: string[]; catIds: number[] | null } {
  const dl = isDict(cfg.test_dataloader) ? cfg.test_dataloader : isDict(cfg.val_dataloader) ? cfg.val_dataloader : {};
  const ds = isDict(dl.dataset) ? dl.dataset : {};
  const meta = isDict(ds.metainfo) ? ds.metainfo : {};
  const classes = Array.isArray(meta.classes) ? meta.classes.map(String) : typeof meta.classes === 'string' ? [meta.classes] : null;
  const ev = isDict(cfg.test_evaluator) ? cfg.test_evaluator : isDict(cfg.val_evaluator) ? cfg.val_evaluator : {};
  const ann = typeof ev.ann_file === 'string' ? path.resolve(baseDir, ev.ann_file) : null;
  if (ann && existsSync(ann)) {
    try {
      const c = loadCoco(ann, '', classes ?? undefined);
      return { names: c.classes, catIds: c.catIds };
    } catch {
      /* fall through to the metainfo names */
    }
  }
  return { names: classes ?? [], catIds: null };
}

/** Runs inference; returns the COCO results and the PNG paths written. */
export async function infer(opts: InferOptions): Promise<{ results: CocoResult[]; pictures: string[]; detections: Detections[] }> {
  const cfg = opts.config;
  const baseDir = opts.baseDir ?? process.cwd();
  if (!isDict(cfg.model)) throw new YolocError('YC7402', 'config has no model dict');
  const pipelineCfg = (cfg.test_pipeline ?? (isDict(cfg.test_dataloader) && isDict(cfg.test_dataloader.dataset) ? cfg.test_dataloader.dataset.pipeline : null)) as TransformCfg[] | null;
  if (!Array.isArray(pipelineCfg)) throw new YolocError('YC7402', 'config has no test_pipeline');
  // LoadAnnotations needs annotations an image file does not have (DetInferencer drops it too)
  const pipeline = buildPipeline(pipelineCfg.filter((t) => !String(t.type).endsWith('LoadAnnotations')));
  const model = buildDetector(cfg.model);
  const head = predictingHead(model.bboxHead);
  const pre = (isDict(cfg.model.data_preprocessor) ? cfg.model.data_preprocessor : {}) as PreprocessCfg;
  const { names, catIds } = classNamesOf(cfg, baseDir);
  mkdirSync(opts.outDir, { recursive: true });
  const results: CocoResult[] = [];
  const pictures: string[] = [];
  const detections: Detections[] = [];
  let ort: import('../export/onnx/engine.js').OnnxEngine | null = null;
  try {
    if (opts.checkpoint) loadStateDict(model, readWeightsFile(opts.checkpoint), { strict: true, file: opts.checkpoint });
    else if (!opts.onnx) throw new YolocError('YC7402', 'infer needs a checkpoint (or an ONNX model with onnx)');
    if (opts.engine === 'onnxruntime' || opts.onnx) {
      const { OnnxEngine } = await import('../export/onnx/engine.js');
      let bytes: Uint8Array | undefined;
      if (opts.onnx) {
        try {
          bytes = readFileSync(opts.onnx);
        } catch (e) {
          throw new YolocError('YC7100', `cannot open: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, opts.onnx);
        }
      }
      ort = new OnnxEngine(model, { bytes, file: opts.onnx });
    }
    for (const [i, file] of opts.images.entries()) {
      const original = readImage(file);
      const r = pipeline.apply({ img_path: file, img_id: i + 1, height: original.h, width: original.w, instances: [], rng: new Rng(0, i) });
      if (!r?.packed) throw new YolocError('YC7402', 'the test pipeline must end with PackDetInputs', file);
      const batch = collate([r.packed], [i], pre);
      const x = batchTensor(batch);
      const outs = ort ? await ort.forwardNCHW({ dtype: 'float32', shape: [...batch.shape], data: batch.inputs }) : evalForward(model, x);
      const m = r.packed.meta;
      const [det] = await predictByFeat(outs, [{
        oriShape: m.ori_shape ?? [batch.shape[2], batch.shape[3]], scaleFactor: m.scale_factor ?? [1, 1],
        padParam: m.pad_param ? [m.pad_param[0]!, m.pad_param[1]!, m.pad_param[2]!, m.pad_param[3]!] : undefined,
      }], head.testCfg, head.priors);
      tf.dispose([x, ...outs.clsScores, ...outs.bboxPreds, ...outs.objectnesses]);
      detections.push(det!);
      for (let j = 0; j < det!.scores.length; j++) {
        const [x1, y1, x2, y2] = [0, 1, 2, 3].map((k) => det!.bboxes[j * 4 + k]!) as [number, number, number, number];
        results.push({ image_id: i + 1, category_id: catIds?.[det!.labels[j]!] ?? det!.labels[j]!, bbox: [x1, y1, x2 - x1, y2 - y1], score: det!.scores[j]! });
      }
      // a/1.jpg and b/1.jpg (a folder or glob of several) must not overwrite one another's picture
      const stem = path.basename(file).replace(/\.[^.]+$/, '');
      let png = path.join(opts.outDir, `${stem}.png`);
      for (let k = 1; pictures.includes(png); k++) png = path.join(opts.outDir, `${stem}_${k}.png`);
      writeAtomic(png, encodePng(drawDetections(original, det!, names, { scoreThr: opts.drawThr })));
      pictures.push(png);
    }
  } finally {
    await ort?.release();
    model.dispose();
  }
  writeAtomic(path.join(opts.outDir, 'results.json'), JSON.stringify(results));
  writeAtomic(path.join(opts.outDir, 'images.json'), JSON.stringify(opts.images.map((f, i) => ({ id: i + 1, file_name: f }))));
  return { results, pictures, detections };
}
