# The fixture model with num_classes as a variable, as MMYOLO's own configs write it.
_base_ = './starnet_yolov5.py'
num_classes = 80
model = dict(bbox_head=dict(head_module=dict(num_classes=num_classes)))
