item1 = [1, 2]
item3 = 0
