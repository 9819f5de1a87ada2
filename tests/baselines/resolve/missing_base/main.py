_base_ = ['./nope.py']
a = 1
