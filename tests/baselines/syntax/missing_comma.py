# Issue 19 item 6: no comma after num_csp_blocks=3 (MMYOLO's YOLOv5 neck).
deepen_factor = 0.33
widen_factor = 0.5
model = dict(
    type='YOLODetector',
    neck=dict(
        type='YOLOv5PAFPN',
        deepen_factor=deepen_factor,
        widen_factor=widen_factor,
        in_channels=[256, 512, 1024],
        out_channels=[256, 512, 1024],
        num_csp_blocks=3
        norm_cfg=dict(type='BN', momentum=0.03, eps=0.001),
        act_cfg=dict(type='SiLU', inplace=True)),
)
