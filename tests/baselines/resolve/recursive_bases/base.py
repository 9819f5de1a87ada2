item1 = [1, 2]
item2 = dict(a=0, b=dict(c=1))
item4 = 'base'
