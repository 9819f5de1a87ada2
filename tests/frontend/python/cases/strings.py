# All string forms: quotes, triple quotes, raw, escapes, implicit concatenation, f-strings.
single = 'a'
double = "b"
concat = 'a' "b" '''c''' 'd'
raw = r'\n\d', R"\t"
escapes = 'x\ty\\z\'', "\x41\u00e9\N{DEGREE SIGN}\101", 'q\"', 'unknown \d stays'
multi = """line one
line two"""
joined = ('first '
          'second')  # implicit joining inside brackets
continued = 'con' \
    'tinued'
'a bare string statement in the middle of the file is ignored'
ops = 'ab' * 3 + 'c', 3 * 'xy', 'a' in 'cat', 'abc'[::-1], 'abcdef'[1:5:2], 'abc'[-1], 'x' * -1
methods = 'a_b_c'.split('_'), '-'.join(['x', 'y']), 'Ab'.lower(), ' s '.strip(), '{}-{}'.format(1, 'b'), 'abc'.replace('b', 'B'), 'abc'.startswith('a'), 'abc'.upper()
fstrings = f'{single}-{ops[0]}-{escapes[1]!r}-{"q"}', f"{{braces}}", f'{1 + 2}{None}{[1, (2,)]}'
reprs = str(1.0), str(None), str([1, 'a']), str((1,)), str({'k': 'v'}), str(1e16), str(True)
comment_backslash = 1  # a comment ending in a backslash is not a continuation \
after = 2
