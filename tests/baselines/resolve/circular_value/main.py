_base_ = './base.py'
_base_.model.self = _base_.model
x = 1
