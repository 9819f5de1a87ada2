_base_ = './bases/starnet_yolov5.py'
model = dict(backbone=dict(out_indices=(1, 2, 3, 3)))
