_base_ = './bases/model.py'
# StarNet(**kwargs) swallows this: MMYOLO would run, but the value does nothing.
model = dict(backbone=dict(widen_factor=0.5))
