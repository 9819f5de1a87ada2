_base_ = './base.json'
path = 'prefix/{{_base_.root}}'
