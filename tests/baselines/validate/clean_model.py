_base_ = './bases/model.py'
# StarNet takes num_classes: no warning.
model = dict(backbone=dict(num_classes=_base_.num_classes))
