# A YOLOv8 config (MMYOLO's types, written for this test): its model runs, so check is clean and
# compile names only what of the rest has no runtime (one YC6001 per such type).
deepen_factor = 0.33
widen_factor = 0.5
model = dict(
    type='YOLODetector',
    backbone=dict(type='YOLOv8CSPDarknet', arch='P5', last_stage_out_channels=1024,
                  deepen_factor=deepen_factor, widen_factor=widen_factor),
    neck=dict(type='YOLOv8PAFPN', deepen_factor=deepen_factor, widen_factor=widen_factor,
              in_channels=[256, 512, 1024], out_channels=[256, 512, 1024], num_csp_blocks=3),
    bbox_head=dict(
        type='YOLOv8Head',
        head_module=dict(type='YOLOv8HeadModule', num_classes=80, in_channels=[256, 512, 1024],
                         widen_factor=widen_factor, reg_max=16, featmap_strides=[8, 16, 32])))
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='YOLOv5MixUp', prob=0.1),
    dict(type='mmdet.PackDetInputs')
]
train_dataloader = dict(dataset=dict(type='YOLOv5CocoDataset', pipeline=train_pipeline))
