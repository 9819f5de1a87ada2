_base_ = ['./logo.py']
a = 1
