# Python arithmetic: floor division and modulo of negatives, true division, powers, bigints.
floordiv = 7 // 2, -7 // 2, 7 // -2, -7.5 // 2, 7 // 2.0, -641 // 2, -(641 // 2)
modulo = -7 % 3, 7 % -3, -7.5 % 2, 7.0 % 2, -(2 ** 64) % 7
truediv = 7 / 2, 8 / 2, 1 / 3, 10 / 4, 2 / 3
powers = 2 ** -1, 2 ** 10, (-2) ** 3, -2 ** 2, - 3 ** 2, (-3) ** 2, 2 ** 100, 4 ** 0.5
literals = 0x1F, 0o17, 0b101, 1_000_000, 1e-5, 1.5e16, 1e16, 123456789.0, 4., 1.e3, .5, 1_0.2_5
floats = 0.1 + 0.2, 0.1 * 3, 1e300 * 10, 1e22, 1e-7, 123e-10, -0.0, 2.5e-3
bits = 1 << 10, 1024 >> 3, 6 & 3, 6 | 3, 6 ^ 3, ~5, True & False, True | 0, -1 >> 1
unary = -True, +False, - -3, -(-2.5), not 0, not []
mixed = 1 + 2.0, 3 - True, 2 * 1.5, True + True, 10 ** 20 // 3
precedence = 2 + 3 * 4, (2 + 3) * 4, 2 * 3 ** 2, -2 ** 0.5 < 0, 1 + 2 << 1, 1 | 2 ^ 3 & 4
loss_weight = 0.5 * (80 / 80 * 3 / 3), 1.0 * ((640 / 640) ** 2 * 3 / 3)
rounding = round(2.5), round(3.5), round(-2.5), round(2.675, 2), round(0.125, 2), round(1234, -2), round(1250, -2), round(7.0, 1), round(1234.5678, -2), round(0.5)
conversions = int(3.9), int(-3.9), int('42'), int(' -7 '), int('ff', 16), float(3), float('1e3'), float('-inf'), abs(-3), abs(-2.5), int(300 * 1.2)
