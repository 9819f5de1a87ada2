# A misspelt key in a loss changes no shape: the head's stride mismatch stays an error.
_base_ = './bases/yolov5_s.py'
model = dict(
    bbox_head=dict(
        head_module=dict(featmap_strides=[4, 8, 16]),
        loss_cls=dict(type='mmdet.CrossEntropyLoss', use_sigmod=True)))
