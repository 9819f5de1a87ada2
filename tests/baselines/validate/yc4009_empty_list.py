_base_ = './bases/model.py'
model = dict(bbox_head=dict(head_module=dict(featmap_strides=[])))
