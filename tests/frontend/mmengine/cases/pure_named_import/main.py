from mmengine.config import read_base

with read_base():
    from .base import model as m, optimizer

m.depth = 2
model = m
