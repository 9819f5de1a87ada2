# StarNet-s1 (the seed's backbone, "Rewrite the Stars", CVPR 2024) under YOLOv8-s's neck and head,
# with YOLOv8-s's recipe (task-aligned assigner, BCE + CIoU + DFL, Mosaic then the close-mosaic
# switch). StarNet(base_dim=24) has stages of 24, 48, 96, 192 channels at strides 4, 8, 16, 32;
# stages 1-3 feed the neck's strides 8, 16, 32, declared before widen_factor 0.5:
# [96, 192, 384] x 0.5 = [48, 96, 192]. YOLOv8PAFPN builds its layers from in_channels and
# out_channels together, so both take StarNet's widths, and so does the head (`yoloc check` says
# YC5010 when only in_channels changes). `yoloc summary` prints the parameter table.
_base_ = '../yolov8/yolov8_s_syncbn_fast_8xb16-500e_coco.py'

starnet_channel = [96, 192, 384]  # StarNet(base_dim=24) stages 1-3, before widen_factor 0.5

model = dict(
    backbone=dict(
        _delete_=True,
        type='StarNet',
        base_dim=24,
        depths=[2, 2, 8, 3],
        mlp_ratio=4,
        out_indices=(1, 2, 3)),
    neck=dict(in_channels=starnet_channel, out_channels=starnet_channel),
    bbox_head=dict(head_module=dict(in_channels=starnet_channel)))
