# Nothing here may run: each line is refused with a code, and the evaluator keeps going.
import os
import subprocess
from subprocess import call
x = os.system('touch /tmp/yoloc-pwned')
y = open('/etc/passwd')
z = __import__('os')
w = ().__class__.__bases__[0].__subclasses__()
e = exec('import os')
v = eval('1')
f = (lambda: open('/etc/passwd'))()
gl = globals()
ga = getattr(dict(), '__class__')
def fn(): return open('/etc/passwd')
fv = fn()
class C: pass
with open('x') as fh: pass
try:
    pass
except Exception:
    pass
if True:
    cond = 1
__builtins__ = None
dunder = 'abc'.__len__()
pr = print('hi')
safe = 'the rest still evaluates'
