item3 = True
