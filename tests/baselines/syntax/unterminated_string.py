# A string literal with no closing quote.
data_root = 'data/coco/
train_ann_file = 'annotations/instances_train2017.json'
