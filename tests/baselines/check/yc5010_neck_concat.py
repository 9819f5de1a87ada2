_base_ = './bases/starnet_yolov5.py'
# 100 x 0.5 widens to 56 but 200 x 0.5 to 104, not 112: the neck's concats break.
model = dict(neck=dict(in_channels=[100, 200, 400]))
