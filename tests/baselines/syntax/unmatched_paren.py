# One ')' too many.
model = dict(type='YOLODetector'))
