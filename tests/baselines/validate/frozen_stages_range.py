_base_ = '../../../configs/yolov5/yolov5_s-v61_syncbn_8xb16-300e_coco.py'
# P5 has a stem and four stages: frozen_stages runs from -1 (none) to 4 (all).
model = dict(backbone=dict(frozen_stages=5, norm_eval=True))
