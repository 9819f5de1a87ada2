_base_ = './base.py'
ckpt = {{_base_.load_from}}
falsy = [{{_base_.flags}}]
