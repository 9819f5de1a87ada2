_base_ = './bases/model.py'
model = dict(bbox_head=dict(loss_bbox=dict(iou_mode='cio')))
