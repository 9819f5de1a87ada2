_base_ = './base.py'
b = 2
