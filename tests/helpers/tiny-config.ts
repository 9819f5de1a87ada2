/** The tiny training config several tests write: the demo config at 64 px, 2 classes, batch 2,
 * no worker threads, over a synthetic dataset in `dataRoot`. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.js';

/** The demo config every tiny run inherits from. */
export const DEMO_CONFIG = path.join(ROOT, 'configs/starnet/yolov5_starnet_s050_synth_320.py');

/** Writes `file`: the tiny config over `dataRoot` (with a trailing slash added), then `extra` lines. */
export function writeTinyConfig(file: string, dataRoot: string, extra = ''): string {
  const root = dataRoot.endsWith('/') ? dataRoot : dataRoot + '/';
  writeFileSync(file, `_base_ = ${JSON.stringify(DEMO_CONFIG)}
data_root = ${JSON.stringify(root)}
class_name = ('circle', 'square')
metainfo = dict(classes=class_name)
img_scale = (64, 64)
model = dict(bbox_head=dict(head_module=dict(num_classes=2)))
pipe = [
    dict(type='LoadImageFromFile'),
    dict(type='YOLOv5KeepRatioResize', scale=img_scale),
    dict(type='LetterResize', scale=img_scale, allow_scale_up=False, pad_val=dict(img=114)),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='mmdet.PackDetInputs', meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor', 'pad_param'))
]
train_dataloader = dict(batch_size=2, num_workers=0, persistent_workers=False,
    dataset=dict(data_root=data_root, metainfo=metainfo, pipeline=pipe))
val_dataloader = dict(batch_size=2, num_workers=0, persistent_workers=False,
    dataset=dict(data_root=data_root, metainfo=metainfo, pipeline=pipe, batch_shapes_cfg=None))
test_dataloader = val_dataloader
val_evaluator = dict(ann_file=data_root + 'annotations/instances_val.json')
test_evaluator = val_evaluator
${extra}
`);
  return file;
}
