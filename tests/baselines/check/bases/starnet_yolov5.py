# A correct StarNet-YOLOv5 detector (the fixture model): every case overrides one value.
strides = [8, 16, 32]
channels = [96, 192, 384]  # StarNet(base_dim=24) stages 1-3 before widen_factor 0.5
anchors = [
    [(10, 13), (16, 30), (33, 23)],
    [(30, 61), (62, 45), (59, 119)],
    [(116, 90), (156, 198), (373, 326)],
]
img_scale = (640, 640)
model = dict(
    type='YOLODetector',
    backbone=dict(type='StarNet', base_dim=24, out_indices=(1, 2, 3), depths=[1, 2, 6, 2], mlp_ratio=4),
    neck=dict(
        type='YOLOv5PAFPN',
        deepen_factor=0.33,
        widen_factor=0.5,
        in_channels=channels,
        out_channels=channels,
        num_csp_blocks=3),
    bbox_head=dict(
        type='YOLOv5Head',
        head_module=dict(
            type='YOLOv5HeadModule',
            num_classes=80,
            in_channels=channels,
            widen_factor=0.5,
            featmap_strides=strides,
            num_base_priors=3),
        prior_generator=dict(type='mmdet.YOLOAnchorGenerator', base_sizes=anchors, strides=strides),
        obj_level_weights=[4.0, 1.0, 0.4]))
