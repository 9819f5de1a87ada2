_base_ = './single.py'
item4 = 'test_recursive_bases'
item2 = dict(a=5)
