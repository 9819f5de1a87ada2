load_from = None
flags = [None, False, 0]
