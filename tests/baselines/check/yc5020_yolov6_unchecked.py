# A YOLOv6 model (MMYOLO's types) with nonsense in_channels: yoloc has no shape rules for these
# types, so check cannot catch it and says which parts went unchecked (one warning).
model = dict(
    type='YOLODetector',
    backbone=dict(type='YOLOv6EfficientRep', deepen_factor=0.33, widen_factor=0.5),
    neck=dict(type='YOLOv6RepPAFPN', deepen_factor=0.33, widen_factor=0.5,
              in_channels=[7, 13, 99999], out_channels=[128, 256, 512], num_csp_blocks=12),
    bbox_head=dict(
        type='YOLOv6Head',
        head_module=dict(type='YOLOv6HeadModule', num_classes=80, in_channels=[1, 2, 3],
                         widen_factor=0.5, featmap_strides=[8, 16, 32])))
