_base_ = './bases/level1.py'
# deepen_factor is set as a string three bases up (bases/level3.py).
