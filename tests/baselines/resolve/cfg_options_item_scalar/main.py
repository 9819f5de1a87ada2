item = [1, 2]
