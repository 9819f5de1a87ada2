# MMYOLO's yolov8_n architecture (written for this test): every level lines up.
deepen_factor = 0.33
widen_factor = 0.25
last_stage_out_channels = 1024
strides = [8, 16, 32]
img_scale = (640, 640)
model = dict(
    type='YOLODetector',
    backbone=dict(type='YOLOv8CSPDarknet', arch='P5', last_stage_out_channels=last_stage_out_channels,
                  deepen_factor=deepen_factor, widen_factor=widen_factor),
    neck=dict(type='YOLOv8PAFPN', deepen_factor=deepen_factor, widen_factor=widen_factor,
              in_channels=[256, 512, last_stage_out_channels], out_channels=[256, 512, last_stage_out_channels],
              num_csp_blocks=3),
    bbox_head=dict(
        type='YOLOv8Head',
        head_module=dict(type='YOLOv8HeadModule', num_classes=80, in_channels=[256, 512, last_stage_out_channels],
                         widen_factor=widen_factor, reg_max=16, featmap_strides=strides),
        prior_generator=dict(type='mmdet.MlvlPointGenerator', offset=0.5, strides=strides)))
