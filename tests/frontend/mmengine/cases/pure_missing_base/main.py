from mmengine.config import read_base

with read_base():
    from ._base_.nothing_here import *

x = 1
