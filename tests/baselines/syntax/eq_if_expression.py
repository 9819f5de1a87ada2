# '=' inside a conditional expression.
max_epochs = 300 if mode = 'full' else 10
