# A misspelt head key does not silence the shape checks: the base sets num_base_priors, so the
# typo changed nothing they read; the neck's channel mismatch and its effect on the head stay errors.
_base_ = './bases/yolov5_s.py'
model = dict(
    neck=dict(in_channels=[128, 256, 512]),
    bbox_head=dict(head_module=dict(num_base_prior=3)))
