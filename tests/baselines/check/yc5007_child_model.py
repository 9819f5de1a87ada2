# A 1-class dataset, and a model override that leaves the head's num_classes at the base's 80.
_base_ = './bases/num_classes_var.py'
metainfo = dict(classes=('cat', ))
train_dataloader = dict(dataset=dict(type='YOLOv5CocoDataset', metainfo=metainfo))
model = dict(neck=dict(num_csp_blocks=3))
