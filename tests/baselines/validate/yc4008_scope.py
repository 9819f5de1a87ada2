_base_ = './bases/model.py'
model = dict(bbox_head=dict(prior_generator=dict(type='mmdett.YOLOAnchorGenerator')))
