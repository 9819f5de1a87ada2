model = dict(type='A', depth=1)
optimizer = dict(type='SGD', lr=0.01)
unused = 'not imported'
