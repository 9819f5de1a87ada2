# StarNet-s050 (stages 1..3: 32, 64, 128 channels at strides 8, 16, 32) under RTMDet's neck and
# head at widen 0.5: in_channels [64, 128, 256] widen to exactly those channels.
model = dict(
    type='YOLODetector',
    backbone=dict(type='StarNet', base_dim=16, depths=[1, 1, 3, 1], mlp_ratio=3, out_indices=(1, 2, 3)),
    neck=dict(type='CSPNeXtPAFPN', deepen_factor=0.167, widen_factor=0.5, in_channels=[64, 128, 256],
              out_channels=96, num_csp_blocks=3),
    bbox_head=dict(
        type='RTMDetHead',
        head_module=dict(type='RTMDetSepBNHeadModule', num_classes=5, in_channels=96, feat_channels=96,
                         widen_factor=0.5, featmap_strides=[8, 16, 32])))
