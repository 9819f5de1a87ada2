# dict(...) and {...}, **unpacking, ConfigDict attribute access, methods, int keys as JSON keys.
d = dict(a=1, b=dict(c=2), **{'e': 3})
d2 = {'k': 1, **d, 'a': 9}
d3 = d.copy()
d3['a'] = 100
d.b.c = 5
d['new'] = [1]
d.attr = 'set by attribute'
reads = d.get('a'), d.get('zz', 'dflt'), d.get('zz'), list(d.keys()), list(d.values())[:1], list(d.items())[0], d.b.c, d['b']['c']
dd = dict([('a', 1), ['b', 2]])
dd.update(c=3)
dd.update({'d': 4})
sd = dd.setdefault('e', 5), dd.pop('a'), dd.pop('zz', None), 'b' in dd, 'a' not in dd
keymap = {'img': 'image', 'gt_bboxes': 'bboxes'}
int_keys = {0: 'batch', 2: 'height'}
int_read = int_keys[0], 2 in int_keys
merged = {**keymap, 'img': 'other'} | {'x': 1}
