# A correct YOLOv5-s detector (backbone, neck, head); each case breaks one part.
deepen_factor = 0.33
widen_factor = 0.5
strides = [8, 16, 32]
model = dict(
    type='YOLODetector',
    backbone=dict(type='YOLOv5CSPDarknet', deepen_factor=deepen_factor, widen_factor=widen_factor),
    neck=dict(
        type='YOLOv5PAFPN',
        deepen_factor=deepen_factor,
        widen_factor=widen_factor,
        in_channels=[256, 512, 1024],
        out_channels=[256, 512, 1024],
        num_csp_blocks=3),
    bbox_head=dict(
        type='YOLOv5Head',
        head_module=dict(
            type='YOLOv5HeadModule',
            num_classes=80,
            in_channels=[256, 512, 1024],
            widen_factor=widen_factor,
            featmap_strides=strides,
            num_base_priors=3),
        prior_generator=dict(
            type='mmdet.YOLOAnchorGenerator',
            base_sizes=[[(10, 13), (16, 30), (33, 23)], [(30, 61), (62, 45), (59, 119)], [(116, 90), (156, 198), (373, 326)]],
            strides=strides)))
