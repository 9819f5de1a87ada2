# Format specs in f-strings and str.format (fill, align, sign, width, grouping, precision, types).
w = 8
x = 3.14159
n = -1234567
a = f'{x:.2f}|{x:>{w}.3f}|{n:,}|{n:_d}|{42:08d}|{-42:+08d}|{255:x}|{255:#X}|{5:b}|{"s":^7}|{"ab":*<5}|{x:e}|{x:.3E}|{0.25:.1f}|{0.35:.1f}|{2.5:.0f}|{x:g}|{1e20:g}|{1e-5:g}|{123456789:g}|{0.5:%}|{0.1234:.1%}|{True}|{True:d}|{x!r:>10}|{1.0:g}|{100.0:g}|{1234.5:,.2f}|{-0.0:f}|{7:}'
b = '{} {x:.1f} {} {:>4}'.format('a', 'b', 'c', x=2.25), '{0}{1!r}{0:^5}'.format(1, 'q')
c = f'{n:>+12,}|{x:010.2f}|{-x:010.2f}|{"abc":.2}|{12:c}'
mixed = '{} {0}'.format(1)
