_base_ = './bases/model.py'
# MMEngine keeps this as a plain variable and never builds an optimizer from it.
optim_wraper = dict(type='OptimWrapper', optimizer=dict(type='SGD', lr=0.01))
