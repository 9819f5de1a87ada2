_base_ = './bases/starnet_yolov5.py'
class_name = ('cat', 'dog', 'bird')
metainfo = dict(classes=class_name)
train_dataloader = dict(dataset=dict(type='YOLOv5CocoDataset', metainfo=metainfo))
val_dataloader = dict(dataset=dict(type='YOLOv5CocoDataset', metainfo=metainfo))
