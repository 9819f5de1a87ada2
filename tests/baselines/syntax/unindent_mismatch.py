# An unindent to a level no outer block has.
if True:
        lr = 0.01
    momentum = 0.937
