# The seed's StarNet (out_indices (0, 1, 2): strides 4, 8, 16) under YOLOv8's neck and head, whose
# channels agree with it: the model builds, but every box would be decoded at half its scale.
model = dict(
    type='YOLODetector',
    backbone=dict(type='StarNet', base_dim=24, depths=[1, 2, 6, 2], mlp_ratio=4, out_indices=(0, 1, 2)),
    neck=dict(type='YOLOv8PAFPN', deepen_factor=0.33, widen_factor=0.5, in_channels=[48, 96, 192],
              out_channels=[48, 96, 192], num_csp_blocks=3),
    bbox_head=dict(
        type='YOLOv8Head',
        head_module=dict(type='YOLOv8HeadModule', num_classes=80, in_channels=[48, 96, 192], widen_factor=0.5,
                         featmap_strides=[8, 16, 32])))
