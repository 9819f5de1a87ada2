_base_ = ['mmdet::_base_/models/net.py']
model = dict(head=dict(num_classes=3), neck=dict(_delete_=True, type='PAFPN'))
first = _base_.pipeline[0]
_base_.runtime.log_level = 'DEBUG'
heads = {{_base_.model.head}}
