from mmengine.config import read_base
from torch.optim import *

x = 1
