item1 = [1, 2]
item2 = dict(a=0)
item5 = dict(a=0, b=1)
item6 = [dict(a=0), dict(b=1)]
