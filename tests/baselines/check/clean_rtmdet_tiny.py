# MMYOLO's rtmdet_tiny architecture (written for this test): every level lines up.
deepen_factor = 0.167
widen_factor = 0.375
strides = [8, 16, 32]
img_scale = (640, 640)
model = dict(
    type='YOLODetector',
    backbone=dict(type='CSPNeXt', arch='P5', expand_ratio=0.5, deepen_factor=deepen_factor, widen_factor=widen_factor,
                  channel_attention=True),
    neck=dict(type='CSPNeXtPAFPN', deepen_factor=deepen_factor, widen_factor=widen_factor, in_channels=[256, 512, 1024],
              out_channels=256, num_csp_blocks=3, expand_ratio=0.5),
    bbox_head=dict(
        type='RTMDetHead',
        head_module=dict(type='RTMDetSepBNHeadModule', num_classes=80, in_channels=256, stacked_convs=2,
                         feat_channels=256, share_conv=True, pred_kernel_size=1, featmap_strides=strides,
                         widen_factor=widen_factor),
        prior_generator=dict(type='mmdet.MlvlPointGenerator', offset=0, strides=strides)))
