_base_ = './bases/starnet_yolov5.py'
model = dict(bbox_head=dict(head_module=dict(in_channels=[48, 96, 192])))
