_base_ = './base.py'
item_cfg = {'b': 2}
item6 = {'cfg': item_cfg}
