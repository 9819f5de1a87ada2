_base_ = './bases/starnet_yolov5.py'
gapped = [48, 192, 384]
model = dict(
    backbone=dict(out_indices=(0, 2, 3)),
    neck=dict(in_channels=gapped, out_channels=gapped),
    bbox_head=dict(head_module=dict(in_channels=gapped)))
