# Comprehensions (with if, nested for), generators in calls, the builtins configs use.
squares = [i * i for i in range(5)]
evens = [i for i in range(10) if i % 2 == 0 if i > 2]
pairs = [(i, j) for i in range(3) for j in range(i)]
flat = [x for row in [[1, 2], [3]] for x in row]
unpacked = [k + str(v) for k, v in [('a', 1), ('b', 2)]]
named = {str(k): v for k, v in zip('abc', range(3))}
tta = [[dict(type='Resize', scale=s), dict(type='Pad', size=s)] for s in [(640, 640), (320, 320)]]
i = 'module i is not touched by the comprehension variable'
gens = sum(i for i in range(10)), sum([1.5, 2]), max(3, 1, 2), min([4, 2, 8]), max('abc'), sorted([3, 1, 2], reverse=True), any(x > 2 for x in [1, 3]), all([])
builtins = list(enumerate(['a', 'b'], 1)), len('héllo'), len([1, 2]), len({'a': 1}), len(range(0, 10, 3)), list(zip([1, 2], 'ab')), list(reversed([1, 2]))
types = isinstance(1, int), isinstance(True, int), isinstance(1.0, (int, float)), isinstance('s', list), bool([]), bool(0.0), bool('x')
ranges = list(range(3)), list(range(1, 10, 4)), list(range(5, 0, -2)), 4 in range(0, 10, 2)
