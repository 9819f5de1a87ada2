# A CPU-sized StarNet-YOLOv5 for the synthetic shapes dataset that `yoloc synth` writes: the
# model `npm start` trains. StarNet s050 (base_dim 16, depths [1, 1, 3, 1], mlp_ratio 3) as the
# backbone, the YOLOv5 neck and head at widen 0.25, 320 x 320 input, MMYOLO's YOLOv5 recipe
# (Mosaic + RandomAffine + HSV + flip, SGD Nesterov, warmup then linear decay, EMA).
_base_ = './yolov5_starnet_s1_coco_fixed.py'

data_root = 'work_dirs/demo/data/'
class_name = ('circle', 'square', 'triangle', 'cross', 'ring')
num_classes = len(class_name)
metainfo = dict(classes=class_name)

img_scale = (320, 320)  # width, height
max_epochs = 28  # 672 iterations (24 a epoch)
train_batch_size_per_gpu = 8
val_batch_size_per_gpu = 8
val_interval = 7  # a validation costs about 10 training iterations
base_lr = 0.16  # MMYOLO sets 0.01 for a total batch of 128; the loss is x batch size (docs/demo.md)
deepen_factor = 0.33
widen_factor = 0.25
# StarNet s050 stages 1-3 give 32, 64, 128 channels at strides 8, 16, 32; the neck and head
# declare them before widen_factor: [128, 256, 512] x 0.25 = [32, 64, 128].
starnet_channel = [128, 256, 512]
num_det_layers = 3

model = dict(
    backbone=dict(base_dim=16, depths=[1, 1, 3, 1], mlp_ratio=3, out_indices=(1, 2, 3),
                  num_classes=num_classes),
    neck=dict(
        deepen_factor=deepen_factor,
        widen_factor=widen_factor,
        in_channels=starnet_channel,
        out_channels=starnet_channel),
    bbox_head=dict(
        head_module=dict(
            num_classes=num_classes,
            in_channels=starnet_channel,
            widen_factor=widen_factor),
        # MMYOLO's YOLOv5 configs scale loss_cls by num_classes / 80 (0.03125 here), which keeps
        # the gradient per class logit that of a 300-epoch COCO run; in 672 iterations the class
        # scores then barely leave the prior. The unscaled 0.5 starves objectness and boxes
        # (docs/demo.md); a quarter of it sits between.
        loss_cls=dict(loss_weight=0.5 * (20 / 80 * 3 / num_det_layers)),
        loss_obj=dict(loss_weight=1.0 * ((img_scale[0] / 640)**2 * 3 / num_det_layers))))

pre_transform = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', with_bbox=True)
]

train_pipeline = [
    *pre_transform,
    dict(type='Mosaic', img_scale=img_scale, pad_val=114.0, pre_transform=pre_transform),
    dict(
        type='YOLOv5RandomAffine',
        max_rotate_degree=0.0,
        max_shear_degree=0.0,
        scaling_ratio_range=(0.5, 1.5),
        border=(-img_scale[0] // 2, -img_scale[1] // 2),
        border_val=(114, 114, 114)),
    dict(type='YOLOv5HSVRandomAug'),
    dict(type='mmdet.RandomFlip', prob=0.5),
    dict(
        type='mmdet.PackDetInputs',
        meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'flip',
                   'flip_direction'))
]

test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='YOLOv5KeepRatioResize', scale=img_scale),
    dict(type='LetterResize', scale=img_scale, allow_scale_up=False, pad_val=dict(img=114)),
    dict(type='LoadAnnotations', with_bbox=True, _scope_='mmdet'),
    dict(
        type='mmdet.PackDetInputs',
        meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape',
                   'scale_factor', 'pad_param'))
]

train_dataloader = dict(
    batch_size=train_batch_size_per_gpu,
    num_workers=2,
    persistent_workers=True,
    dataset=dict(
        data_root=data_root,
        metainfo=metainfo,
        ann_file='annotations/instances_train.json',
        data_prefix=dict(img='train/'),
        filter_cfg=dict(filter_empty_gt=False, min_size=4),
        pipeline=train_pipeline))

val_dataloader = dict(
    batch_size=val_batch_size_per_gpu,
    num_workers=2,
    dataset=dict(
        data_root=data_root,
        metainfo=metainfo,
        ann_file='annotations/instances_val.json',
        data_prefix=dict(img='val/'),
        pipeline=test_pipeline,
        batch_shapes_cfg=dict(
            type='BatchShapePolicy',
            batch_size=val_batch_size_per_gpu,
            img_size=img_scale[0],
            size_divisor=32,
            extra_pad_ratio=0.5)))
test_dataloader = val_dataloader

val_evaluator = dict(ann_file=data_root + 'annotations/instances_val.json')
test_evaluator = val_evaluator

optim_wrapper = dict(optimizer=dict(lr=base_lr, batch_size_per_gpu=train_batch_size_per_gpu))

default_hooks = dict(
    logger=dict(type='LoggerHook', interval=10),
    # a short run: warm up over 3 epochs or 50 iterations, whichever is longer
    param_scheduler=dict(max_epochs=max_epochs, warmup_mim_iter=50),
    checkpoint=dict(interval=val_interval, max_keep_ckpts=2, save_best='auto'))

train_cfg = dict(max_epochs=max_epochs, val_interval=val_interval)

# ExpMomentumEMA's gamma 2000 is tuned for 300 epochs: over 672 iterations its momentum stays
# above 0.7, so the "average" is the last iteration's weights. With 200 it averages the last
# ~30 iterations at the end of the run (momentum 0.035 at iteration 672).
custom_hooks = [
    dict(
        type='EMAHook',
        ema_type='ExpMomentumEMA',
        momentum=0.0001,
        gamma=200,
        update_buffers=True,
        strict_load=False,
        priority=49)
]
