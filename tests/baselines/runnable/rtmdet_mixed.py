# RTMDet's neck and head behind a YOLOv5 backbone: the parts can run, but the neck's in_channels
# (int(c * widen_factor), widen 1.0 by default) are not the backbone's outputs (YC5001).
model = dict(
    type='YOLODetector',
    backbone=dict(type='YOLOv5CSPDarknet', deepen_factor=0.33, widen_factor=0.5),
    neck=dict(type='CSPNeXtPAFPN', in_channels=[256, 512, 1024], out_channels=256, num_csp_blocks=1),
    bbox_head=dict(type='RTMDetHead',
                   head_module=dict(type='RTMDetSepBNHeadModule', num_classes=80, in_channels=256, feat_channels=256)))
