train_pipeline = [dict(type='Load'), dict(type='RandomResizedCrop', scale=224)]
test_pipeline = [dict(type='Load'), dict(type='ResizeEdge', scale=256)]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
shared = dict(a=1)
model = dict(neck=dict(x=1), backbone=dict(depth=18, frozen=-1), parts=[shared, shared])
