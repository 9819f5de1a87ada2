_base_ = './level2.py'
train_cfg = dict(max_epochs=100)
