/**
 * `yoloc demo` (what `npm start` runs): the whole product on a bundled default, offline and
 * on a CPU. Synthesizes a small shapes dataset, checks and compiles the bundled StarNet-s050
 * YOLOv5 config, trains it, evaluates it, draws its detections on validation images, and prints
 * the bbox mAP as MMDetection names it.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError, parseCommandArgs } from './common.js';
import { helpText } from './commands.js';
import { loadCheckedConfig } from './config.js';
import { ROOT_DIR } from './paths.js';

const CONFIG = 'configs/starnet/yolov5_starnet_s050_synth_320.py';

const USAGE = helpText('demo', `usage: yoloc demo [options]

Runs the main job on ${CONFIG}:
synth data -> check -> compile -> train -> test -> infer.

options:
  --work-dir DIR    where everything goes (default work_dirs/demo)
  --epochs N        training epochs (default: the config's max_epochs)
  --train N         synthetic training images (default 192)
  --val N           synthetic validation images (default 48)
  --backend NAME    tensorflow | webgpu | native | wasm | cpu
  --resume          continue an interrupted demo from its last checkpoint`);

function int(v: string | undefined, name: string, dflt: number): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`${name} takes a positive integer, not '${v}'`);
  return Number(v);
}

/** Runs the demo. */
export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, {
    'work-dir': { type: 'string' }, epochs: { type: 'string' }, train: { type: 'string' }, val: { type: 'string' },
    backend: { type: 'string' }, resume: { type: 'boolean' },
  }, USAGE, false);
  if (!args) return 0;
  const v = args.values;
  const workDir = path.resolve(v['work-dir'] ?? 'work_dirs/demo');
  const dataDir = path.join(workDir, 'data');
  const nTrain = int(v.train, '--train', 192);
  const nVal = int(v.val, '--val', 48);
  const t0 = Date.now();
  const step = (msg: string) => console.log(`\n[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

  // 1. data
  const { synthDataset } = await import('../runtime/data/index.js');
  const have = (split: string) => existsSync(path.join(dataDir, 'annotations', `instances_${split}.json`)) && existsSync(path.join(dataDir, split))
    ? readdirSync(path.join(dataDir, split)).length : 0;
  if (have('train') !== nTrain || have('val') !== nVal) {
    step(`synthesizing ${nTrain} training and ${nVal} validation images (5 shape classes, 320 px) in ${path.relative(process.cwd(), dataDir)}`);
    mkdirSync(dataDir, { recursive: true });
    const s = synthDataset({ out: dataDir, train: nTrain, val: nVal, classes: 5, size: 320, seed: 0 });
    console.log(`  train: ${s.train.images} images, ${s.train.boxes} boxes; val: ${s.val.images} images, ${s.val.boxes} boxes`);
  } else step(`reusing the synthetic dataset in ${path.relative(process.cwd(), dataDir)}`);

  // 2. check (resolve + schema + shapes), with the data paths pointed at the work dir
  const rel = (p: string) => path.relative(process.cwd(), p) || '.';
  const dr = rel(dataDir) + '/';
  const cfgOptions = [
    `train_dataloader.dataset.data_root=${dr}`, `val_dataloader.dataset.data_root=${dr}`, `test_dataloader.dataset.data_root=${dr}`,
    `val_evaluator.ann_file=${dr}annotations/instances_val.json`, `test_evaluator.ann_file=${dr}annotations/instances_val.json`,
    ...(v.epochs ? [`train_cfg.max_epochs=${int(v.epochs, '--epochs', 1)}`, `default_hooks.param_scheduler.max_epochs=${int(v.epochs, '--epochs', 1)}`] : []),
  ];
  const configFile = path.join(ROOT_DIR, CONFIG);
  step(`yoloc check ${CONFIG}`);
  const cfg = loadCheckedConfig(configFile, { cfgOptions });
  console.log('  no problems: schema, channels, strides and levels agree from backbone to head');

  // 3. compile
  step(`yoloc compile ${CONFIG} -o ${rel(path.join(workDir, 'generated'))}`);
  const { compileConfig } = await import('../compiler/emit/index.js');
  const genDir = path.join(workDir, 'generated');
  const compiled = compileConfig(configFile, { outDir: genDir, cfgOptions });
  if (!compiled.value || compiled.diagnostics.some((d) => d.severity === 'error')) {
    const { renderText } = await import('../compiler/diagnostics/render.js');
    console.error(renderText(compiled.diagnostics));
    return 1;
  }
  for (const [name, text] of compiled.value.files) {
    const file = path.join(genDir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp-${process.pid}`, text);
    renameSync(`${file}.tmp-${process.pid}`, file);
  }
  console.log(`  wrote ${[...compiled.value.files.keys()].join(', ')}; they type-check against runtime/`);

  // 4. train
  const { selectBackend } = await import('../runtime/backend/index.js');
  const backend = await selectBackend(v.backend);
  const { train } = await import('../runtime/engine/train.js');
  const trainDir = path.join(workDir, 'train');
  step(`training on ${backend} (logs: ${rel(path.join(trainDir, 'train.log'))})`);
  const tTrain = Date.now();
  const r = await train({ config: cfg.data, workDir: trainDir, resume: v.resume ?? false });
  const trainS = (Date.now() - tTrain) / 1000;
  console.log(`  ${r.epochs} epochs, ${r.iters} iterations in ${(trainS / 60).toFixed(1)} min (${(trainS / Math.max(r.iters, 1)).toFixed(2)} s per iteration)`);

  // 5. test with the final checkpoint (EMA weights)
  if (!r.lastCheckpoint) throw new UsageError('training wrote no checkpoint');
  step(`yoloc test ${CONFIG} --checkpoint ${rel(r.lastCheckpoint)}`);
  const { test } = await import('../runtime/engine/test.js');
  const { metrics } = await test({ config: cfg.data, checkpoint: r.lastCheckpoint });

  // 6. pictures of detections on validation images
  const valImages = readdirSync(path.join(dataDir, 'val')).sort().slice(0, 6).map((f) => path.join(dataDir, 'val', f));
  const visDir = path.join(workDir, 'vis');
  step(`yoloc infer on ${valImages.length} validation images -> ${rel(visDir)}`);
  const { infer } = await import('../runtime/engine/infer.js');
  const inf = await infer({ config: cfg.data, checkpoint: r.lastCheckpoint, images: valImages, outDir: visDir });
  console.log(`  ${inf.pictures.map((p) => rel(p)).join('\n  ')}`);

  const minutes = (Date.now() - t0) / 60000;
  console.log(demoSummary({
    minutes, metrics, iters: r.iters, epochs: r.epochs, valImages: have('val'), config: CONFIG,
    checkpoint: rel(r.lastCheckpoint), visDir: rel(visDir), pictures: inf.pictures.length,
    curves: rel(path.join(trainDir, 'curves.png')), log: rel(path.join(trainDir, 'train.log')),
    scalars: rel(path.join(trainDir, 'vis_data', 'scalars.json')), example: rel(valImages[0]!),
  }));
  return 0;
}

/** What the end of `npm start` says: where everything is, the metrics, and how to go on. */
export function demoSummary(d: {
  minutes: number; metrics: Record<string, number>; iters: number; epochs: number; valImages: number; config: string;
  checkpoint: string; visDir: string; pictures: number; curves: string; log: string; scalars: string; example: string;
}): string {
  const m = (k: string) => (d.metrics[`coco/${k}`] ?? NaN).toFixed(3);
  return [
    '',
    `done in ${d.minutes.toFixed(1)} min: ${d.epochs} epochs, ${d.iters} iterations; on ${d.valImages} validation images`,
    `  coco/bbox_mAP_50 ${m('bbox_mAP_50')}   coco/bbox_mAP ${m('bbox_mAP')}   mAP_75 ${m('bbox_mAP_75')}   mAP_s/m/l ${m('bbox_mAP_s')} ${m('bbox_mAP_m')} ${m('bbox_mAP_l')}`,
    '',
    `  checkpoint  ${d.checkpoint}  (EMA weights, as MMEngine saves them)`,
    `  pictures    ${d.visDir}/  (${d.pictures} validation images with their detections)`,
    `  curves      ${d.curves}  (losses per iteration, mAP per validation)`,
    `  log         ${d.log}  (scalars: ${d.scalars})`,
    '',
    'next:',
    `  detect in your own images   yoloc infer ${d.config} --checkpoint ${d.checkpoint} -o out ${d.example}`,
    '  train on your own COCO data  yoloc train configs/starnet/yolov5_starnet_s050_own_data.py  (set data_root and class_name in it)',
    `  export to ONNX               yoloc export ${d.config} --weights ${d.checkpoint} --format onnx -o model.onnx`,
  ].join('\n');
}
