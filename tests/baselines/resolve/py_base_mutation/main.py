_base_ = ['./base.py']
_base_.item6[0] = dict(c=0)
item2 = dict(b=[5, 6])
item12 = _base_.item7.a
__private = 3
_kept = 4
