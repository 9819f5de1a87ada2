_base_ = './bases/starnet_yolov5.py'
model = dict(bbox_head=dict(head_module=dict(num_base_priors=4)))
