item = [{'a': 0}]
