_base_ = './bases/deep/level1.py'
# The wrong featmap_strides come from level3.py, three bases up.
