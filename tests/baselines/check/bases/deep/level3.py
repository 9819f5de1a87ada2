_base_ = '../starnet_yolov5.py'
model = dict(bbox_head=dict(head_module=dict(featmap_strides=[16, 32, 64])))
