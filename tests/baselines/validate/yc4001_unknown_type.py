_base_ = './bases/model.py'
model = dict(neck=dict(type='YOLOv5PAFPNN'))
