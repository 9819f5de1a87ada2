# Truthiness, short-circuit values, not/and/or precedence, chained comparisons, conditionals.
bo = 0 or 'x', 1 and [], [] or {} or 0, None or 0.0
nots = not 1 or 2, not 0 and 3, 1 and not 0 or 5, 0 and 1 or 2, not (1 and 0), not 1 == 2
mixed = 1 and not 0 and 0 or 'last', 0 or not 1 or not 0, not not 1
chain = 1 < 2 < 3 < 4, 1 < 3 < 2, 1 < 2 > 3, 'a' < 'b', [1, 2] < [1, 3], (1, 2) <= (1, 2), 1 <= 1.0 == True
eq = 1 == 1.0, 1 == True, [1] == [1.0], (1,) == [1], {'a': 1} == dict(a=1), None == 0
ident = None is None, 1 is not None, [] is not None
member = 3 in [1, 2, 3], 'a' not in {'a': 1}, (1, 2) in [(1, 2)], 'b' in 'abc'
cond = 1 if [] else 2, 'y' if 0 < 1 < 2 else 'n', 'a' if 0 else 'b' if 0 else 'c'
short_circuit = 0 and undefined_name, 1 or undefined_name, False and 1 / 0
