# Loops, conditions and list building (a classic config: no imports).
scenes = ['kitchen', 'office', 'street']
train_datasets = []
for i, scene in enumerate(scenes):
    if scene == 'office':
        continue
    elif scene.startswith('k'):
        repeat = 2
    else:
        repeat = 1
    train_datasets.append(dict(type='Scene', name=scene, index=i, repeat=repeat))
train_datasets.insert(0, dict(type='First'))
train_datasets.extend([dict(type='Last')])
levels = []
for a, b in zip([8, 16, 32], (64, 128, 256)):
    levels += [a * b]
sizes = {}
for k, v in dict(s=320, m=640).items():
    sizes[k] = v // 32
n = 0
while n < 10:
    n += 3
    if n > 100:
        break
else:
    done = True
total = 0
for x in range(1, 10, 2):
    if x == 7:
        break
    total += x
else:
    never = True
squares = [x * x for x in range(4)]
for key in sizes.keys():
    last_key = key
del i, scene, a, b, k, v, x, key
