_base_ = ['mmdet::_base_/models/net.py']
model = dict(head=dict(num_classes=3))
