# Tuples stay tuples, lists stay lists; unpacking, slicing, star-unpacking, shared references.
tuples = (1,), (), (1, 2), [1, (2, 3)], tuple([1, 2]), list((3, 4))
x, y = 1, 2
x, y = y, x
(p, q), r = (1, 2), 3
[m, n] = 'ab'
first, *rest = [1, 2, 3, 4]
*init, last = 'abc'
a = b = [0]
l1 = [1, 2, 3]
l2 = l1
l2.append(4)
l1 += [5]
l1[0] = 'one'
index = l1[-1], l1[-2], l1[1:], l1[:-1], l1[::2], l1[::-1], l1[10:], l1[-100:2]
stars = [*range(3), *'ab'], (*[1, 2], 3), [*(), *[]]
repeat = [[0] * 2] * 2, (1, 2) * 2, [None] * 3
sl = list(range(10))
sl[2:5] = ['x']
sl[::3] = ['a', 'b', 'c']
del sl[0]
popped = [1, 2, 3]
pops = popped.pop(), popped.pop(0), popped
lm = [1, 2, 3, 2].index(2), [1, 2, 2].count(2), (1, 2).index(2)
ext = [1]
ext.extend((7, 8))
ext.insert(0, 'first')
ext.remove(7)
