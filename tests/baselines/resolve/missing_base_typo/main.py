_base_ = ['./default_runtim.py']
a = 1
