model = dict(a=1)
