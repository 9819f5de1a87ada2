_base_ = './base.py'
x = 1
