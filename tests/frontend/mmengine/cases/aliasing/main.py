# Writes into _base_ values that the base shared between keys: MMEngine copies every base value
# into ConfigDicts first, so only the written path changes.
_base_ = './base.py'
_base_['train_pipeline'][1]['scale'] = 192
_base_.test_dataloader.dataset.pipeline[1]['scale'] = 219
_base_.model.parts[0]['a'] = 2
neck = dict(y=2)
_base_.model.neck = neck
neck['y'] = 3
_base_.model.update(dict(backbone=dict(depth=50)))
train_pipeline = _base_.train_pipeline
train_dataloader = _base_.train_dataloader
test_pipeline = _base_.test_pipeline
test_dataloader = _base_.test_dataloader
model = _base_.model
# Handing _base_ itself on: every value is already its own copy.
everything = dict(**_base_)
everything['shared']['a'] = 9
alias = _base_
alias.model.parts[1]['a'] = 5
