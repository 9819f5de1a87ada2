# A pure-Python config: bases in read_base(), names imported as symbols, writes into inherited values.
from mmengine.config import read_base

with read_base():
    from ._base_.models.toy import *
    from ._base_.schedule import *

import mmengine.hooks as hooks
import mmengine.runner
from mmengine.hooks import EMAHook, LoggerHook as Logger

param_scheduler.milestones = [2, 4]
model.backbone.depth = 50
model['head']['num_classes'] = 3
# ConfigDict.update merges nested dicts; a plain dict's update replaces.
model.update(neck=dict(out_channels=128), data_preprocessor=dict(mean=[0, 0, 0]))
plain = dict(a=dict(x=1, y=2))
plain.update(a=dict(x=3))
optim_wrapper.merge(dict(optimizer=dict(_delete_=True, type='AdamW', lr=0.001)))
gone = default_hooks.pop('missing')
logger = default_hooks.pop('logger')
hooks_copy = default_hooks.copy()
hooks_copy['checkpoint'] = dict(interval=5)
custom_hooks = [dict(type=EMAHook, momentum=0.0002), dict(type=hooks.CheckpointHook), dict(type=Logger)]
runner_type = mmengine.runner.FlexibleRunner
what = str(EMAHook)
