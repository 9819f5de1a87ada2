_base_ = './bases/starnet_yolov5.py'
model = dict(bbox_head=dict(obj_level_weights=[4.0, 1.0]))
