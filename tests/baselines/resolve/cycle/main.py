_base_ = './a.py'
b = 2
