_base_ = './bases/model.py'
model = dict(neck=dict(widen_factr=0.25))
