# A statement indented for no reason (CPython's column is the indentation's width).
lr = 0.01
    momentum = 0.937
