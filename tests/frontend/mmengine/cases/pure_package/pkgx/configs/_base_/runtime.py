from mmengine.hooks import LoggerHook

default_hooks = dict(logger=dict(type=LoggerHook, interval=10))
log_level = 'INFO'
