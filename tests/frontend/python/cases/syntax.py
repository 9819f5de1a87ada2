# Syntax errors are YC1xxx at the right line:col; other statements are still evaluated.
good = 1
k = [1, 2, 3
kk = 2
bad = 1 +* 2
  indented = 3
n = 08
s = b'bytes'
c = 1j
cond = 1 if True else
misplaced_not = 1 < not 2
last = 'evaluated'
