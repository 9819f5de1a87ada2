# Reads and in-place writes of _base_ (MMEngine exec semantics on the merged ConfigDict).
_base_ = ['../_base_/default_runtime.py', '../_base_/det_p5_tta.py']
fca = _base_.file_client_args
widen = _base_.model.neck.widen_factor * 2
_base_.model.neck.widen_factor = 1.0
_base_.test_pipeline[-2] = dict(type='Replaced')
_base_.test_pipeline[0]['scale'] = (320, 320)
_base_['new_key'] = [1]
_base_.new_key.append(2)
model = _base_.model
model.bbox_head = dict(num_classes=3)
first_type = _base_.test_pipeline[0].type
pipeline = _base_.test_pipeline
pipeline += [dict(type='Appended')]
__dropped = 'names starting with __ are dropped'
_kept = 'single underscore names stay'
