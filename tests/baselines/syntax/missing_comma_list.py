# No comma between two list items.
strides = [8, 16 32]
