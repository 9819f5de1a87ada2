# Small pure functions defined and used in a config (MMEngine drops them from the result).
base_lr = 0.01


def scaled(lr, factor=2, *rest, bias=0, **extra):
    return lr * factor + bias + sum(rest) + len(extra)


def pipeline(size):
    steps = [dict(type='Resize', scale=(size, size))]

    def pad(to):
        return dict(type='Pad', size=(to, size))
    steps.append(pad(size + 32))
    return steps


def bump():
    global counter
    counter = counter + 1
    return counter


def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


counter = 0
lr = scaled(base_lr)
lr2 = scaled(base_lr, 3, 1, 2, bias=1, a=1)
train_pipeline = pipeline(320)
first = bump()
second = bump()
double = lambda x, k=2: x * k
doubled = [double(x) for x in [1, 2, 3]]
f5 = fact(5)
name_is = __name__
