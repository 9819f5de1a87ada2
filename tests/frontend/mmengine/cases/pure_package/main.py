# A base imported from a package by its absolute module path (as mmdet.configs._base_ ones are).
from mmengine.config import read_base

with read_base():
    from pkgx.configs._base_.runtime import *

default_hooks.logger.interval = 50
