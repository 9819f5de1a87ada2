# A list closed with ')'.
strides = [8, 16, 32)
