# RTMDet's neck and head behind a YOLOv5 backbone: still one line for the whole model.
model = dict(
    type='YOLODetector',
    backbone=dict(type='YOLOv5CSPDarknet', deepen_factor=0.33, widen_factor=0.5),
    neck=dict(type='CSPNeXtPAFPN', in_channels=[256, 512, 1024], out_channels=256, num_csp_blocks=1),
    bbox_head=dict(type='RTMDetHead',
                   head_module=dict(type='RTMDetSepBNHeadModule', num_classes=80, in_channels=256, feat_channels=256)))
