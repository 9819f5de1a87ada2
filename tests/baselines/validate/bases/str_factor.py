# A base that writes a factor as a string (read by origin_base_read.py through _base_).
_base_ = './model.py'
widen_factor = '0.5'
