# '=' after an attribute, in parentheses.
flag = (_base_.model = 1)
