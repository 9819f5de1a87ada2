_base_ = './level3.py'
max_epochs = 100
