_base_ = './bases/model.py'
# YOLOv5BBoxCoder(**kwargs) swallows this: MMYOLO would run, but the value does nothing.
model = dict(bbox_head=dict(bbox_coder=dict(type='YOLOv5BBoxCoder', eps=1e-6)))
