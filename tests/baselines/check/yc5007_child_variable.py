# issue 19 item 7: the child sets num_classes = 1 for its 1-class dataset, but the base's model
# dict was evaluated with the base's own num_classes (80): the child must override the model key.
_base_ = './bases/num_classes_var.py'
num_classes = 1
metainfo = dict(classes=('cat', ))
train_dataloader = dict(dataset=dict(type='YOLOv5CocoDataset', metainfo=metainfo))
