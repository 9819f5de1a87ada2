# StarNet-s1 (the seed's backbone, "Rewrite the Stars", CVPR 2024) under RTMDet-s's neck and head,
# with RTMDet's recipe (dynamic soft label assigner, QFL + GIoU, cached Mosaic/MixUp, AdamW with
# the flat-cosine schedule, EMA). StarNet(base_dim=24) has stages of 24, 48, 96, 192 channels at
# strides 4, 8, 16, 32; stages 1-3 feed the neck's strides 8, 16, 32, declared before
# widen_factor 0.5: [96, 192, 384] x 0.5 = [48, 96, 192]. CSPNeXt's ImageNet checkpoint
# (init_cfg) does not fit StarNet, so the backbone starts from its own initialisation.
_base_ = '../rtmdet/rtmdet_s_syncbn_fast_8xb32-300e_coco.py'

starnet_channel = [96, 192, 384]  # StarNet(base_dim=24) stages 1-3, before widen_factor 0.5

model = dict(
    backbone=dict(
        _delete_=True,
        type='StarNet',
        base_dim=24,
        depths=[2, 2, 8, 3],
        mlp_ratio=4,
        out_indices=(1, 2, 3)),
    neck=dict(in_channels=starnet_channel))
