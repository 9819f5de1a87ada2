# No comma after a nested dict(...): the hint spans the whole call.
model = dict(backbone=dict(type='StarNet')
             neck=dict(type='YOLOv5PAFPN'))
