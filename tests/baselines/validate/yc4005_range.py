_base_ = './bases/model.py'
model = dict(test_cfg=dict(nms=dict(iou_threshold=1.65)))
