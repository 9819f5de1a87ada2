_base_ = '../../../configs/yolov5/yolov5_s-v61_syncbn_8xb16-300e_coco.py'
# MMYOLO implements these; yoloc's runtime does not, so check, compile and train refuse them here.
model = dict(
    backbone=dict(
        plugins=[dict(cfg=dict(type='mmdet.DropBlock', drop_prob=0.1, block_size=7), stages=(False, False, True, True))]),
    bbox_head=dict(loss_obj=dict(reduction='sum')))
