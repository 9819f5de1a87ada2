from mmengine.hooks import EMAHook

hook = dict(type=EMAHook)
