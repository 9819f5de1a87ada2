# A block with no indented body.
if True:
lr = 0.01
