# A YOLOv6 config (MMYOLO's types, written for this test): check validates it and warns once that
# it cannot run; compile refuses it in one line, naming what can run instead.
model = dict(
    type='YOLODetector',
    backbone=dict(type='YOLOv6EfficientRep', deepen_factor=0.33, widen_factor=0.5),
    neck=dict(type='YOLOv6RepPAFPN', deepen_factor=0.33, widen_factor=0.5, in_channels=[256, 512, 1024],
              out_channels=[128, 256, 512], num_csp_blocks=12),
    bbox_head=dict(
        type='YOLOv6Head',
        head_module=dict(type='YOLOv6HeadModule', num_classes=80, in_channels=[128, 256, 512], widen_factor=0.5,
                         featmap_strides=[8, 16, 32])))
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='YOLOv5MixUp', prob=0.1),
    dict(type='mmdet.PackDetInputs')
]
train_dataloader = dict(dataset=dict(type='YOLOv5CocoDataset', pipeline=train_pipeline))
