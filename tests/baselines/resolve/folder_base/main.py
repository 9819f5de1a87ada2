_base_ = ['./sub']
a = 1
