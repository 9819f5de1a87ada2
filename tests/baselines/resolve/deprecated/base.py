a = 1
_deprecation_ = dict(expected='configs/new.py', reference='')
