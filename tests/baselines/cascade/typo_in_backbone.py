# issue 19 item 5: the backbone's widen_factor is misspelt, so the backbone falls back to
# widen_factor 1.0; the neck's channel check then disagrees, but only because of the typo.
_base_ = './bases/yolov5_s.py'
model = dict(backbone=dict(_delete_=True, type='YOLOv5CSPDarknet', deepen_factor=0.33, widen_facter=0.5))
