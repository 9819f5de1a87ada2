/** Test helpers: resolve in-memory JSON configs (real provenance, no disk) and validate them. */
import path from 'node:path';
import { resolveWith } from '../../compiler/inherit/build.js';
import type { Diagnostic, Span } from '../../compiler/diagnostics/types.js';
import { PyDict, PyList, PyTuple, toJson, type Json, type Py } from '../../compiler/frontend/values.js';
import { pointer, type Provenance, type ResolvedConfig } from '../../compiler/types.js';
import { validateConfig } from '../../compiler/validate/index.js';

/** A virtual folder for in-memory configs. */
export const VROOT = path.resolve('/virtual/cfg');

/** Resolves `files[entry]` with the other entries as its bases (JSON texts or objects). */
export function resolveJson(files: Record<string, string | object>, entry = 'cfg.json'): ResolvedConfig {
  const texts = new Map(Object.entries(files).map(([k, v]) => [path.join(VROOT, k), typeof v === 'string' ? v : JSON.stringify(v, null, 1)]));
  const r = resolveWith(path.join(VROOT, entry), { readFile: (f) => texts.get(path.resolve(f)) }, null);
  if (!r.value) throw new Error('resolve failed: ' + r.diagnostics.map((d) => d.message).join('; '));
  return r.value;
}

/** Validates a single in-memory config object. */
export function check(cfg: object): Diagnostic[] {
  return validateConfig(resolveJson({ 'cfg.json': cfg })).diagnostics;
}

/** A small valid YOLOv5 + StarNet config, in the seed's shape. */
export function seedLike(): Record<string, unknown> {
  return {
    default_scope: 'mmyolo',
    model: {
      type: 'YOLODetector',
      data_preprocessor: { type: 'mmdet.DetDataPreprocessor', mean: [0, 0, 0], std: [255, 255, 255], bgr_to_rgb: true },
      backbone: { type: 'StarNet', base_dim: 24, out_indices: [1, 2, 3], depths: [1, 2, 6, 2], mlp_ratio: 4, num_classes: 80 },
      neck: {
        type: 'YOLOv5PAFPN', deepen_factor: 0.33, widen_factor: 0.5, in_channels: [96, 192, 384], out_channels: [96, 192, 384],
        num_csp_blocks: 3, norm_cfg: { type: 'BN', momentum: 0.03, eps: 0.001 }, act_cfg: { type: 'SiLU', inplace: true },
      },
      bbox_head: {
        type: 'YOLOv5Head',
        head_module: { type: 'YOLOv5HeadModule', num_classes: 80, in_channels: [96, 192, 384], widen_factor: 0.5, featmap_strides: [8, 16, 32], num_base_priors: 3 },
        prior_generator: { type: 'mmdet.YOLOAnchorGenerator', base_sizes: [[[10, 13], [16, 30], [33, 23]]], strides: [8, 16, 32] },
        loss_cls: { type: 'mmdet.CrossEntropyLoss', use_sigmoid: true, reduction: 'mean', loss_weight: 0.5 },
        loss_bbox: { type: 'IoULoss', iou_mode: 'ciou', bbox_format: 'xywh', eps: 1e-7, reduction: 'mean', loss_weight: 0.05, return_iou: true },
        loss_obj: { type: 'mmdet.CrossEntropyLoss', use_sigmoid: true, reduction: 'mean', loss_weight: 1.0 },
        prior_match_thr: 4.0, obj_level_weights: [4.0, 1.0, 0.4],
      },
      test_cfg: { multi_label: true, nms_pre: 30000, score_thr: 0.001, nms: { type: 'nms', iou_threshold: 0.65 }, max_per_img: 300 },
    },
    train_dataloader: {
      batch_size: 16, num_workers: 8, persistent_workers: true, pin_memory: true,
      sampler: { type: 'DefaultSampler', shuffle: true },
      dataset: {
        type: 'YOLOv5CocoDataset', data_root: 'data/coco/', ann_file: 'annotations/instances_train2017.json',
        data_prefix: { img: 'train2017/' }, filter_cfg: { filter_empty_gt: false, min_size: 32 },
        pipeline: [
          { type: 'LoadImageFromFile', file_client_args: { backend: 'disk' } },
          { type: 'LoadAnnotations', with_bbox: true },
          { type: 'Mosaic', img_scale: [640, 640], pad_val: 114.0, pre_transform: [{ type: 'LoadImageFromFile' }, { type: 'LoadAnnotations', with_bbox: true }] },
          { type: 'YOLOv5RandomAffine', max_rotate_degree: 0.0, max_shear_degree: 0.0, scaling_ratio_range: [0.5, 1.5], border: [-320, -320], border_val: [114, 114, 114] },
          {
            type: 'mmdet.Albu',
            transforms: [{ type: 'Blur', p: 0.01 }, { type: 'MedianBlur', p: 0.01 }, { type: 'ToGray', p: 0.01 }, { type: 'CLAHE', p: 0.01 }],
            bbox_params: { type: 'BboxParams', format: 'pascal_voc', label_fields: ['gt_bboxes_labels', 'gt_ignore_flags'] },
            keymap: { img: 'image', gt_bboxes: 'bboxes' },
          },
          { type: 'YOLOv5HSVRandomAug' },
          { type: 'mmdet.RandomFlip', prob: 0.5 },
          { type: 'mmdet.PackDetInputs', meta_keys: ['img_id', 'img_path', 'ori_shape', 'img_shape', 'flip', 'flip_direction'] },
        ],
      },
    },
    optim_wrapper: {
      type: 'OptimWrapper', constructor: 'YOLOv5OptimizerConstructor',
      optimizer: { type: 'SGD', lr: 0.01, momentum: 0.937, weight_decay: 0.0005, nesterov: true, batch_size_per_gpu: 16 },
    },
    default_hooks: {
      param_scheduler: { type: 'YOLOv5ParamSchedulerHook', scheduler_type: 'linear', lr_factor: 0.01, max_epochs: 300 },
      checkpoint: { type: 'CheckpointHook', interval: 10, save_best: 'auto', max_keep_ckpts: 3 },
    },
    custom_hooks: [{ type: 'EMAHook', ema_type: 'ExpMomentumEMA', momentum: 0.0001, update_buffers: true, strict_load: false, priority: 49 }],
    val_evaluator: { type: 'mmdet.CocoMetric', proposal_nums: [100, 1, 10], ann_file: 'data/coco/annotations/instances_val2017.json', metric: 'bbox' },
    train_cfg: { type: 'EpochBasedTrainLoop', max_epochs: 300, val_interval: 10 },
    val_cfg: { type: 'ValLoop' },
    test_cfg: { type: 'TestLoop' },
    env_cfg: { cudnn_benchmark: true },
    img_scale: [640, 640], anchors: [[[10, 13]]], deepen_factor: 0.33,
  };
}

/** A deep copy with one value replaced (`at` is a path of keys/indexes). */
export function withValue(obj: Record<string, unknown>, at: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(obj);
  let cur: Record<string | number, unknown> = copy;
  for (const k of at.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  const last = at[at.length - 1]!;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return copy;
}

/** A ResolvedConfig from one evaluated dict (no bases): provenance from the value model's spans. */
export function resolvedFromDict(dict: PyDict, file: string): ResolvedConfig {
  const provenance = new Map<string, Provenance>();
  const tuples = new Set<string>();
  const floats = new Set<string>();
  const visit = (v: Py, segs: (string | number)[], span: Span | undefined): void => {
    const ptr = pointer(segs);
    if (span) provenance.set(ptr, { span });
    if (typeof v === 'number') floats.add(ptr);
    if (v instanceof PyTuple) tuples.add(ptr);
    if (v instanceof PyList || v instanceof PyTuple) v.items.forEach((x, i) => visit(x, [...segs, i], v.spans[i]));
    if (v instanceof PyDict) for (const [k, x] of v.map) visit(x, [...segs, k], v.spans.get(k));
  };
  visit(dict, [], dict.span);
  return { file, files: [file], data: toJson(dict) as { [k: string]: Json }, value: dict, provenance, tuples, floats };
}
