# printf-style '%' formatting (values and errors checked against CPython).
a = '%s_%d' % ('x', 3), '%5.2f|%-6s|%06.1f|%+d|% d|%x|%#x|%#o|%X|%e|%g|%%' % (3.14159, 'ab', -2.5, 5, 7, 255, 255, 8, 255, 12345.678, 0.0001)
b = '%(name)s-%(n)03d' % dict(name='k', n=7), '%s' % [1, 2], '%s' % (1,), '%r' % 'q', '%5s|%-5s|%.2s' % ('a', 'b', 'xyz')
c = '%d' % 3.7, '%d' % -3.7, '%i' % True, '%.3d' % 5, '%5.3d' % -5, '%-5d|' % 3, '%05d' % -42, '%c' % 65, '%s %s' % ('a', None), '%*d' % (5, 3)
d = 'work_dirs/%s' % 'yolov5'
pe1 = '%d' % 'a'
pe2 = '%s %s' % (1,)
pe3 = '%s' % (1, 2)
pe4 = '%(k)s' % {}
pe5 = '%(k)s' % (1,)
list_arg = 'yz' % [1], '%s' % [1]
