_base_ = './model.py'
# Three bases below the case: the mistake is here.
model = dict(neck=dict(deepen_factor='0.33'))
