from torch.optim import SGD
from mmengine.optim.scheduler import MultiStepLR

optim_wrapper = dict(optimizer=dict(type=SGD, lr=0.1, momentum=0.9))
param_scheduler = dict(type=MultiStepLR, by_epoch=True, milestones=[1, 2], gamma=0.1)
train_cfg = dict(by_epoch=True, max_epochs=5, val_interval=1)
default_hooks = dict(checkpoint=dict(interval=1), logger=dict(interval=50))
