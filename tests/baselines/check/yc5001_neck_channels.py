_base_ = './bases/starnet_yolov5.py'
model = dict(neck=dict(in_channels=[64, 128, 256]))
