# '=' where '==' was meant, in a condition.
lr = 0.01
if lr = 0.01:
    pass
