/** A tiny synthetic dataset in a temp dir, shared by the data tests, and pipelines over it. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { synthDataset } from '../../runtime/data/synth.js';
import type { DatasetCfg } from '../../runtime/data/dataset.js';
import type { TransformCfg } from '../../runtime/data/results.js';

/** Makes a dataset of `train` and `val` images with long side `size`; returns its root. */
export function tinyDataset(train = 6, val = 3, size = 64, seed = 7): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-data-'));
  synthDataset({ out: dir, train, val, size, classes: 4, seed });
  return dir;
}

const pre: TransformCfg[] = [{ type: 'LoadImageFromFile' }, { type: 'LoadAnnotations', with_bbox: true }];

/** The seed config's training pipeline at img_scale S (Albu probabilities raised so they run). */
export function trainPipeline(S: number): TransformCfg[] {
  return [...pre,
    { type: 'Mosaic', img_scale: [S, S], pad_val: 114.0, pre_transform: pre },
    { type: 'YOLOv5RandomAffine', max_rotate_degree: 0.0, max_shear_degree: 0.0, scaling_ratio_range: [0.5, 1.5], border: [-S / 2, -S / 2], border_val: [114, 114, 114] },
    { type: 'mmdet.Albu', transforms: [{ type: 'Blur', p: 0.3 }, { type: 'MedianBlur', p: 0.3 }, { type: 'ToGray', p: 0.3 }, { type: 'CLAHE', p: 0.3 }], keymap: { img: 'image', gt_bboxes: 'bboxes' } },
    { type: 'YOLOv5HSVRandomAug' },
    { type: 'mmdet.RandomFlip', prob: 0.5 },
    { type: 'mmdet.PackDetInputs', meta_keys: ['img_id', 'img_path', 'ori_shape', 'img_shape', 'flip', 'flip_direction'] }];
}

/** The seed config's test pipeline at img_scale S. */
export function testPipeline(S: number): TransformCfg[] {
  return [{ type: 'LoadImageFromFile' },
    { type: 'YOLOv5KeepRatioResize', scale: [S, S] },
    { type: 'LetterResize', scale: [S, S], allow_scale_up: false, pad_val: { img: 114 } },
    { type: 'LoadAnnotations', with_bbox: true, _scope_: 'mmdet' },
    { type: 'mmdet.PackDetInputs', meta_keys: ['img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor', 'pad_param'] }];
}

/** A dataset dict over tinyDataset's split. */
export function datasetCfg(root: string, split: 'train' | 'val', pipeline: TransformCfg[], extra: Partial<DatasetCfg> = {}): DatasetCfg {
  return { type: 'YOLOv5CocoDataset', data_root: root, ann_file: `annotations/instances_${split}.json`, data_prefix: { img: `${split}/` }, pipeline, ...extra };
}
