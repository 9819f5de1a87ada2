_base_ = './base.py'
item1 = {'a': 0, '_delete_': True}
item2 = {'b': 0}
item5 = dict(x=1, _delete_=True)
