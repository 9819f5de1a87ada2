_base_ = './bases/model.py'
model = dict(neck=dict(widen_factor='0.5'))
