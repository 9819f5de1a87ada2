/**
 * `yoloc loss CONFIG --outputs O.safetensors --targets T.safetensors [--format json]`: the
 * parity tool for the YOLOv5 training loss, as `forward` is for the model. The head outputs
 * are NCHW (`cls_scores.L`, `bbox_preds.L`, `objectnesses.L`, as `yoloc forward` writes them);
 * the input size is level 0's feature size times its stride.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { UsageError, parseCommandArgs, usageError, backendFlag, requireFile } from './common.js';
import { helpText } from './commands.js';
import { expandCfgOptions, loadCheckedConfig } from './config.js';
import { YolocError } from '../runtime/errors.js';
import { selectBackend } from '../runtime/backend/index.js';
import { readSafetensors, type TensorData } from '../runtime/io/safetensors.js';
import { yolov5Loss, yolov5LossConfig } from '../runtime/losses/yolov5.js';

const USAGE = helpText('loss', `usage: yoloc loss CONFIG --outputs O.safetensors --targets T.safetensors [options]

Computes MMYOLO's YOLOv5 training loss (YOLOv5Head.loss_by_feat) of the head outputs in O
(cls_scores.L, bbox_preds.L, objectnesses.L, NCHW float32, batch B) for the targets in T
(a tensor [N, 6] of rows image index, label, x1, y1, x2, y2 in input pixels) with CONFIG's
model.bbox_head settings, and prints {"loss_cls": .., "loss_bbox": .., "loss_obj": ..}.

options:
  --outputs FILE       head outputs (as yoloc forward writes them)
  --targets FILE       targets (default: the outputs file)
  --gt-key NAME        name of the targets tensor (default gt)
  --format text|json   output form (default text)
  --backend NAME       tensorflow | webgpu | native | wasm | cpu (default: the best that loads)
  --cfg-options K=V    overrides, MMEngine syntax: a.b=1 a.b=[1,2] (several after one flag)`);

/** CONFIG's bbox_head: a bare head/model dict in JSON as is, anything else resolved and checked. */
function headConfigOf(file: string, cfgOptions: string[]): unknown {
  if (file.endsWith('.json') && cfgOptions.length === 0) {
    try {
      const j = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      if (j?.type === 'YOLOv5Head') return j;
      if (j?.type === 'YOLODetector') return j.bbox_head;
    } catch { /* not plain JSON: the resolver reports it */ }
  }
  const data = loadCheckedConfig(file, { cfgOptions }).data as Record<string, { bbox_head?: unknown } | undefined>;
  const head = data.model?.bbox_head;
  if (!head) throw new YolocError('YC7201', 'the config has no model.bbox_head', file);
  return head;
}

/** Runs `yoloc loss`. */
export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(expandCfgOptions(argv), {
    outputs: { type: 'string' },
    targets: { type: 'string' },
    'gt-key': { type: 'string', default: 'gt' },
    format: { type: 'string', default: 'text' },
    backend: { type: 'string' },
    'cfg-options': { type: 'string', multiple: true },
  }, USAGE);
  if (!args) return 0;
  const { values, positionals } = args;
  backendFlag(values.backend);
  if (positionals.length !== 1) throw usageError(`expected one CONFIG, got ${positionals.length}`, USAGE);
  if (!values.outputs) throw usageError(`--outputs is required`, USAGE);
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not '${values.format}'`);
  const config = positionals[0]!;
  requireFile(values.outputs, '--outputs');
  requireFile(values.targets, '--targets');
  let cfg;
  try {
    cfg = yolov5LossConfig(headConfigOf(config, values['cfg-options'] ?? []));
  } catch (e) {
    if (e instanceof YolocError && !e.file) throw new YolocError(e.code, e.message, config, e.fix);
    throw e;
  }
  const outputs = readSafetensors(values.outputs);
  const targetsFile = values.targets ?? values.outputs;
  const targets = targetsFile === values.outputs ? outputs : readSafetensors(targetsFile);
  const gt = targets.get(values['gt-key']!);
  if (!gt) throw new YolocError('YC7204', `no tensor named '${values['gt-key']}' (the [N, 6] targets)`, targetsFile);
  if (gt.data.length > 0 && (gt.shape.length !== 2 || gt.shape[1] !== 6)) throw new YolocError('YC7203', `'${values['gt-key']}' has shape [${gt.shape}], expected [N, 6]`, targetsFile);
  await selectBackend(values.backend, { quiet: values.format === 'json' });
  const levels = cfg.strides.length;
  const load = (name: string): tf.Tensor[] => Array.from({ length: levels }, (_, l) => {
    const t: TensorData | undefined = outputs.get(`${name}.${l}`);
    if (!t) throw new YolocError('YC7204', `no tensor named '${name}.${l}'`, values.outputs);
    return tf.tensor(Float32Array.from(t.data), t.shape, 'float32');
  });
  const head = { clsScores: load('cls_scores'), bboxPreds: load('bbox_preds'), objectnesses: load('objectnesses') };
  let losses;
  try {
    losses = yolov5Loss(head, Float32Array.from(gt.data), cfg);
  } catch (e) {
    if (e instanceof YolocError && !e.file) throw new YolocError(e.code, e.message, values.outputs, e.fix);
    throw e;
  }
  // Asynchronous reads: the only kind a GPU backend (webgpu) has in Node.
  const [lc, lb, lo] = await Promise.all([losses.loss_cls.data(), losses.loss_bbox.data(), losses.loss_obj.data()]);
  const out = { loss_cls: lc[0]!, loss_bbox: lb[0]!, loss_obj: lo[0]! };
  if (values.format === 'json') console.log(JSON.stringify(out));
  else for (const [k, v] of Object.entries(out)) console.log(`${k.padEnd(9)} ${v}`);
  return 0;
}
