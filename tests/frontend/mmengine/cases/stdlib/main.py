# Standard functions by name (never imported): copy, math, os.path, functools, itertools.
import copy
import math
import os.path as osp
from functools import partial
from itertools import chain

base_pipeline = [dict(type='Load'), dict(type='Resize', scale=(640, 640))]
p1 = copy.deepcopy(base_pipeline)
p1[1]['scale'] = (320, 320)
p2 = copy.copy(base_pipeline)
p2.append(dict(type='Pack'))
steps = math.ceil(1000 / 64)
floor = math.floor(-2.5)
root = math.sqrt(2)
pi = math.pi
log2 = math.log2(1024)
path = osp.join('data', 'coco', 'annotations')
name, ext = osp.splitext('a/b/instances_train2017.json')
base = osp.basename('a/b/c.py')
folder = osp.dirname('a/b/c.py')
home = osp.join(osp.expanduser('~'), 'work')
joined = list(chain([1, 2], (3,)))
make = partial(dict, type='Conv')
conv = make(k=3)
del partial, chain, make
