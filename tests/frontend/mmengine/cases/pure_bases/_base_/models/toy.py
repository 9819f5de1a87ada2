from mmengine.model import BaseModel

model = dict(
    type=BaseModel,
    backbone=dict(type='ResNet', depth=18, norm_cfg=dict(type='BN', requires_grad=True)),
    neck=dict(type='FPN', in_channels=[64, 128], out_channels=64),
    head=dict(type='Head', num_classes=10, loss=dict(type='CE', loss_weight=1.0)))
