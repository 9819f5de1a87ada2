_base_ = './level2.py'
model = dict(neck=dict(num_csp_blocks=3))
