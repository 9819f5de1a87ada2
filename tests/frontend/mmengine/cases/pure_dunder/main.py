import os.path as osp
from mmengine.hooks import EMAHook

config_name = osp.splitext(osp.basename(__file__))[0]
if __name__ == '__main__':
    never = True
hook = dict(type=EMAHook, name=config_name)
