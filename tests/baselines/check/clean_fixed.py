_base_ = './bases/starnet_yolov5.py'
# Nothing wrong: the baseline is empty.
