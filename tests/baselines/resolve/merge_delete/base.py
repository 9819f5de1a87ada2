item1 = {'a': 0, 'b': 1}
item2 = {'a': 0}
item3 = True
item4 = 'test'
