# A YOLOv8 model (MMYOLO's types) with nonsense in_channels: the neck's concatenations do not
# chain (YC5010), its inputs are not the backbone's (YC5001), the head's not the neck's (YC5002).
deepen_factor = 0.33
widen_factor = 0.5
model = dict(
    type='YOLODetector',
    backbone=dict(type='YOLOv8CSPDarknet', arch='P5', last_stage_out_channels=1024,
                  deepen_factor=deepen_factor, widen_factor=widen_factor),
    neck=dict(type='YOLOv8PAFPN', deepen_factor=deepen_factor, widen_factor=widen_factor,
              in_channels=[7, 13, 99999], out_channels=[256, 512, 1024], num_csp_blocks=3),
    bbox_head=dict(
        type='YOLOv8Head',
        head_module=dict(type='YOLOv8HeadModule', num_classes=80, in_channels=[1, 2, 3],
                         widen_factor=widen_factor, reg_max=16, featmap_strides=[8, 16, 32])))
