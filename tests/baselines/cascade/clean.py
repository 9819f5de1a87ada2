# The base as it is: no problems.
_base_ = './bases/yolov5_s.py'
