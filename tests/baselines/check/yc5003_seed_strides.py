_base_ = './bases/starnet_yolov5.py'
# The seed document's levels: channels agree after widening, strides are 4/8/16.
starnet_channel = [48, 96, 192]
model = dict(
    backbone=dict(out_indices=(0, 1, 2)),
    neck=dict(in_channels=starnet_channel, out_channels=starnet_channel),
    bbox_head=dict(head_module=dict(in_channels=starnet_channel)))
