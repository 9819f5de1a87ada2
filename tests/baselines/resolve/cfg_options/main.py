item = [{'a': 0}, {'b': 0, 'c': 0}]
model = dict(backbone=dict(type='ResNet', depth=50), neck=None)
