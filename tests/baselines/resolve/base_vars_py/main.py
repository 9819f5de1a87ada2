_base_ = ['./base.py']
item9 = {{_base_.item2}}
item10 = {{ _base_.item7.b.c }}
item15 = dict(
    a=dict(b={{_base_.item2}}),
    b=[{{_base_.item1}}],
    d=[[dict(e={{_base_.item5.a}})], {{_base_.item6}}],
    e={{_base_.item1}})
item16 = _base_.item5['b']
item17, item18, item19 = _base_.item7['b']['c']
