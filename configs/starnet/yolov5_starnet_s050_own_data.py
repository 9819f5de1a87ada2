# Training on your own COCO-format folder, as MMYOLO's yolov5_s-v61_fast_1xb12-40e_cat.py does:
# inherit a bundled config, then name the data root, the class names and their number. This one
# reads the layout
#   data/shapes3/images/*.png|jpg
#   data/shapes3/annotations/trainval.json, test.json
# that the README's worked example makes from `yoloc synth` output. Change the four names below
# for your own data; everything else (model, recipe, augmentation) comes from the base.
_base_ = './yolov5_starnet_s050_synth_320.py'

data_root = 'data/shapes3/'
class_name = ('circle', 'square', 'triangle')
num_classes = len(class_name)
metainfo = dict(classes=class_name)

# a base's variables are evaluated in the base (MMEngine), so each place that uses them is
# named again, exactly as the cat config does
model = dict(bbox_head=dict(head_module=dict(num_classes=num_classes)))

train_dataloader = dict(
    dataset=dict(
        data_root=data_root,
        metainfo=metainfo,
        ann_file='annotations/trainval.json',
        data_prefix=dict(img='images/')))
val_dataloader = dict(
    dataset=dict(
        data_root=data_root,
        metainfo=metainfo,
        ann_file='annotations/test.json',
        data_prefix=dict(img='images/')))
test_dataloader = val_dataloader

val_evaluator = dict(ann_file=data_root + 'annotations/test.json')
test_evaluator = val_evaluator
