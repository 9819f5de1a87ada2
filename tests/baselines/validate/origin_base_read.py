# issue 19 item 4: a bad value read from a base (`_base_.widen_factor`) is reported in the base
# file that wrote it; the child's read and use are related information.
_base_ = './bases/str_factor.py'
wf = _base_.widen_factor
model = dict(neck=dict(widen_factor=wf))
