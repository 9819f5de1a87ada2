_base_ = './bases/starnet_yolov5.py'
model = dict(neck=dict(widen_factor='half'))
