_base_ = '../../../configs/yolov5/yolov5_s-v61_syncbn_8xb16-300e_coco.py'
# The runtime computes the YOLOv5 loss as MMYOLO's defaults have it (sigmoid BCE, CIoU on xywh):
# other settings are refused rather than trained as if they were not there.
model = dict(
    bbox_head=dict(
        ignore_iof_thr=0.5,
        loss_cls=dict(use_sigmoid=False),
        loss_bbox=dict(iou_mode='giou'),
        loss_obj=dict(type='mmdet.FocalLoss')))
