item1 = dict(a=1)
