# issue 19 item 4: a bad value set once in a variable and used in three modules is reported
# at the assignment (where the fix goes), with each use as related information.
_base_ = './bases/model.py'
deepen_factor = 0.33
widen_factor = '0.5'
factor = widen_factor
model = dict(
    neck=dict(deepen_factor=deepen_factor, widen_factor=widen_factor),
    bbox_head=dict(head_module=dict(widen_factor=factor)))
