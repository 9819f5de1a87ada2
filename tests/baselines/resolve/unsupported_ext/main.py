_base_ = ['./a.toml']
a = 1
