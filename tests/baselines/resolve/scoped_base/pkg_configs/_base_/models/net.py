model = dict(type='Net', head=dict(type='Head'), neck=dict(channels=3))
pipeline = [dict(type='Load'), dict(type='Pack', _scope_='other'), 'plain']
runtime = dict(log_level='INFO')
