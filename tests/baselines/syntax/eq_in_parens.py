# '=' where '==' was meant, in parentheses.
use_ema = (mode = 'train')
