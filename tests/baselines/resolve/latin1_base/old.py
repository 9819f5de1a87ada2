# réglages
b = 2
