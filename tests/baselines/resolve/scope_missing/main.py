_base_ = ['mmdet::_base_/models/net.py']
