_base_ = './base.py'
item2 = dict(b=dict(d=2))
item4 = 'single'
