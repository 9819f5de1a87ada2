# A YOLOv5 backbone and neck (checked) feeding a YOLOv5Head whose head_module is YOLOv6's.
_base_ = './bases/starnet_yolov5.py'
model = dict(bbox_head=dict(head_module=dict(_delete_=True, type='YOLOv6HeadModule', num_classes=80, in_channels=[1, 2, 3])))
