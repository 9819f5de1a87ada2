# RTMDet's neck and head behind a YOLOv5CSPDarknet: the neck's in_channels are not what the
# backbone outputs (YC5001, int(c * widen_factor) for CSPNeXtPAFPN); its out_channels feed the head.
model = dict(
    type='YOLODetector',
    backbone=dict(type='YOLOv5CSPDarknet', deepen_factor=0.33, widen_factor=0.5),
    neck=dict(type='CSPNeXtPAFPN', in_channels=[3, 4, 5], out_channels=256, num_csp_blocks=1),
    bbox_head=dict(type='RTMDetHead',
                   head_module=dict(type='RTMDetSepBNHeadModule', num_classes=80, in_channels=256, feat_channels=256)))
