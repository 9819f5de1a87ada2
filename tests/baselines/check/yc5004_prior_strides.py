_base_ = './bases/starnet_yolov5.py'
model = dict(bbox_head=dict(prior_generator=dict(strides=[4, 8, 16])))
