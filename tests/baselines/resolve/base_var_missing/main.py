_base_ = './base.py'
item2 = {{_base_.item1.b}}
