_base_ = ['./old.py']
a = 1
