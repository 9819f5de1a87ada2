_base_ = './bases/model.py'
model = dict(neck=dict(_delete_=True, type='YOLOv5PAFPN', in_channels=_base_.channels))
