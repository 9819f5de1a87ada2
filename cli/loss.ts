/**
 * `yoloc loss CONFIG --outputs O.safetensors --targets T.safetensors [--format json]`: the
 * parity tool for the training loss, as `forward` is for the model. The head outputs are NCHW:
 * YOLOv5Head `cls_scores.L`, `bbox_preds.L`, `objectnesses.L` (as `yoloc forward` writes them);
 * YOLOv8Head `cls_scores.L` and `bbox_dist.L` (the reg branch's raw [B, 4*reg_max, H, W]);
 * RTMDetHead `cls_scores.L` and `bbox_preds.L` (distances in strides, [B, 4, H, W]).
 * The input size is level 0's feature size times its stride.
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
import { yolov8Loss, yolov8LossConfig, yolov8Prepare } from '../runtime/losses/yolov8.js';
import { rtmdetLoss, rtmdetLossConfig } from '../runtime/losses/rtmdet.js';

const USAGE = helpText('loss', `usage: yoloc loss CONFIG --outputs O.safetensors --targets T.safetensors [options]

Computes MMYOLO's training loss (loss_by_feat) of the head outputs in O for the targets in T
(a tensor [N, 6] of rows image index, label, x1, y1, x2, y2 in input pixels) with CONFIG's
model.bbox_head (and train_cfg) settings, and prints the loss terms:
  YOLOv5Head: O has cls_scores.L, bbox_preds.L, objectnesses.L (NCHW float32, batch B);
              prints loss_cls, loss_bbox, loss_obj
  YOLOv8Head: O has cls_scores.L [B, C, H, W] and bbox_dist.L [B, 4*reg_max, H, W] (the reg
              branch's raw output); prints loss_cls, loss_bbox, loss_dfl
  RTMDetHead: O has cls_scores.L [B, C, H, W] and bbox_preds.L [B, 4, H, W] (distances in
              strides); prints loss_cls, loss_bbox

options:
  --outputs FILE       head outputs (as yoloc forward writes them)
  --targets FILE       targets (default: the outputs file)
  --gt-key NAME        name of the targets tensor (default gt)
  --format text|json   output form (default text)
  --backend NAME       tensorflow | webgpu | native | wasm | cpu (default: the best that loads)
  --cfg-options K=V    overrides, MMEngine syntax: a.b=1 a.b=[1,2] (several after one flag)`);

/** CONFIG's bbox_head and train_cfg: a bare head/model dict in JSON as is, anything else resolved and checked. */
function headConfigOf(file: string, cfgOptions: string[]): { head: Record<string, unknown>; trainCfg: unknown } {
  if (file.endsWith('.json') && cfgOptions.length === 0) {
    try {
      const j = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      if (j?.type === 'YOLOv5Head' || j?.type === 'YOLOv8Head' || j?.type === 'RTMDetHead') return { head: j, trainCfg: undefined };
      if (j?.type === 'YOLODetector' && j.bbox_head) return { head: j.bbox_head as Record<string, unknown>, trainCfg: j.train_cfg };
    } catch { /* not plain JSON: the resolver reports it */ }
  }
  const data = loadCheckedConfig(file, { cfgOptions }).data as Record<string, { bbox_head?: Record<string, unknown>; train_cfg?: unknown } | undefined>;
  const head = data.model?.bbox_head;
  if (!head) throw new YolocError('YC7201', 'the config has no model.bbox_head', file);
  return { head, trainCfg: data.model?.train_cfg };
}

type Loaded = (name: string, levels: number) => tf.Tensor[];

/** The loss terms of one head family, as scalars. */
async function lossesOf(head: Record<string, unknown>, trainCfg: unknown, load: Loaded, gt: Float32Array): Promise<Record<string, tf.Scalar>> {
  const type = String(head.type ?? '').replace(/^\w+\./, '');
  if (type === 'YOLOv8Head') {
    const cfg = yolov8LossConfig(head, trainCfg);
    const out = { clsScores: load('cls_scores', cfg.strides.length), bboxDistPreds: load('bbox_dist', cfg.strides.length) };
    return { ...yolov8Loss(out, await yolov8Prepare(out, gt, cfg), cfg) };
  }
  if (type === 'RTMDetHead') {
    const cfg = rtmdetLossConfig(head, trainCfg);
    const L = cfg.strides.length;
    return { ...rtmdetLoss({ clsScores: load('cls_scores', L), bboxPreds: load('bbox_preds', L) }, gt, cfg) };
  }
  const cfg = yolov5LossConfig(head);
  const L = cfg.strides.length;
  return { ...yolov5Loss({ clsScores: load('cls_scores', L), bboxPreds: load('bbox_preds', L), objectnesses: load('objectnesses', L) }, gt, cfg) };
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
  let headCfg: ReturnType<typeof headConfigOf>;
  try {
    headCfg = headConfigOf(config, values['cfg-options'] ?? []);
    // settings errors belong to CONFIG: raise them before reading the tensors
    const type = String(headCfg.head.type ?? '');
    if (type.endsWith('YOLOv8Head')) yolov8LossConfig(headCfg.head, headCfg.trainCfg);
    else if (type.endsWith('RTMDetHead')) rtmdetLossConfig(headCfg.head, headCfg.trainCfg);
    else yolov5LossConfig(headCfg.head);
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
  const load: Loaded = (name, levels) => Array.from({ length: levels }, (_, l) => {
    const t: TensorData | undefined = outputs.get(`${name}.${l}`);
    if (!t) throw new YolocError('YC7204', `no tensor named '${name}.${l}'`, values.outputs);
    return tf.tensor(Float32Array.from(t.data), t.shape, 'float32');
  });
  let losses: Record<string, tf.Scalar>;
  try {
    losses = await lossesOf(headCfg.head, headCfg.trainCfg, load, Float32Array.from(gt.data));
  } catch (e) {
    if (e instanceof YolocError && !e.file) throw new YolocError(e.code, e.message, values.outputs, e.fix);
    throw e;
  }
  // Asynchronous reads: the only kind a GPU backend (webgpu) has in Node.
  const names = Object.keys(losses);
  const datas = await Promise.all(names.map((k) => losses[k]!.data()));
  const out = Object.fromEntries(names.map((k, i) => [k, datas[i]![0]!]));
  if (values.format === 'json') console.log(JSON.stringify(out));
  else for (const [k, v] of Object.entries(out)) console.log(`${k.padEnd(9)} ${v}`);
  return 0;
}
