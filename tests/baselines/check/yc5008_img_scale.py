_base_ = './bases/starnet_yolov5.py'
img_scale = (600, 600)
