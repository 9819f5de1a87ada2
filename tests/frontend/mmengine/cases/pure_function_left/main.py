from mmengine.hooks import EMAHook


def make(m):
    return dict(type=EMAHook, momentum=m)


custom_hooks = [make(0.001)]
