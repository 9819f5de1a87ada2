# Corner cases of numbers, strings, ranges, comparisons and builtins (values checked against CPython).
a = int('0x10', 0), int('0b11', 0), float('1_000.5'), round(-0.5), round(1e300, 2), max([], default=7), sorted([2, 1.5, True, 0])
b = [1, 2, 3][::-2], 'abc'[5:], (1, 2) + (3,), [1] * 0, -7 // 2.5, 7 % -2.5, 2 ** 0.5, 10 ** -2, 0.0 == -0.0, 1e308 * 10, -1e308 * 10
c = str(1e16), str(1e15), str(-1.5e-5), str(0.0001), str(123456789012345678.0), repr(1/3) if False else 0, str(2**63), str(float(2**63))
d = 3 * [1, 2], 'x' * True, [0] * -3, (0,) * 2, 1 + True * 2.5
e = 'a,b,,c'.split(','), ''.join([]), '  a b  '.split(), 'abc'.find('c') if False else 1, 'A-B'.lower().upper()
f = list(range(-5, 5, 3)), list(range(5, -5, -3)), range(0, 10, 3)[2], len(range(10, 0)), list(range(0))
g = 1 < 2.5 < 3, 2 ** 53 + 1 == 2.0 ** 53, 9007199254740993 > 9007199254740992.0, [1, 2] < [1, 2, 0], (1, 'a') < (1, 'b')
h = abs(-0.0), abs(True), min(1, 1.0), max(1.0, 1), min('b', 'a', 'c'), sum([0.1] * 10), sum([[1], [2]], [])
i = {**dict(a=1), **dict(a=2)}, dict({'a': 1}, b=2), dict(zip(['x', 'y'], [1, 2])), list({'b': 1, 'a': 2})
j = [x for x in 'ab' for _ in range(2)], [[y for y in range(x)] for x in range(3)], {k: k * 2 for k in 'ab'}
k = 5 if 0 else 6 if 1 else 7
l = 1_000_000.000_1, 0xdead_beef, 1E3, 1e+3, 2e-0, 0.0e0
m = '\'' + "\"" + '\\' + '\101\x42\u0043' + '\
joined'
n = -5 % 3, 5 % -3, -5 // -3, 5.5 // -2, -5.5 % 3, 2 ** -2, (-2) ** -1, -2 ** -1
o = int(True), float(False), bool(None), bool('False'), str(False), int(-0.9), int(1e20)
p = 1e308 / 1e-10, 10**400 / 10**399, 1e308 * 10 - 1e308 * 10 == 0, -1e308 * 10
