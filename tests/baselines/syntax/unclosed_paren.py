# A dict( never closed: CPython names the bracket, not the next line.
model = dict(
    backbone=dict(type='StarNet'),
    neck=dict(type='YOLOv5PAFPN')

train_cfg = dict(max_epochs=3)
