_base_ = './bases/model.py'
# StarNet(**kwargs) swallows this: MMYOLO would run, but the value does nothing. yoloc's runtime
# builds StarNet, so check refuses it as train does (YC4020), rather than warning (YC4003).
model = dict(backbone=dict(widen_factor=0.5))
