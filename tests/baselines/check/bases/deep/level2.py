_base_ = './level3.py'
model = dict(bbox_head=dict(head_module=dict(num_classes=80)))
