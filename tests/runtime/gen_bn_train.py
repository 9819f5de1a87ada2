#!/usr/bin/env python3
"""PyTorch truth for tests/runtime/batchnorm.test.ts: nn.BatchNorm2d in training mode (batch
statistics, biased variance for normalising, unbiased for the running update), two steps,
then eval. Writes bn_train_torch.json beside this file:  /usr/bin/python3 gen_bn_train.py"""
import json
import math
import os

import torch

torch.set_default_dtype(torch.float32)
N, C, H, W = 2, 3, 4, 5


def inp(k):
    return torch.tensor([math.sin(i * 0.37 + k) * 2 + i * 0.01 * (k + 1)
                         for i in range(N * C * H * W)]).reshape(N, C, H, W)


bn = torch.nn.BatchNorm2d(C, eps=1e-3, momentum=0.03)
with torch.no_grad():
    bn.weight.copy_(torch.tensor([1.2, 0.8, 1.0]))
    bn.bias.copy_(torch.tensor([0.1, -0.2, 0.3]))
    bn.running_mean.copy_(torch.tensor([0.5, -0.5, 0.0]))
    bn.running_var.copy_(torch.tensor([2.0, 0.5, 1.0]))
coef = torch.tensor([(i % 7) * 0.3 - 1.0 for i in range(N * C * H * W)]).reshape(N, C, H, W)

bn.train()
x1 = inp(0).requires_grad_(True)
y1 = bn(x1)
(y1 * coef).sum().backward()
rm1, rv1 = bn.running_mean.clone(), bn.running_var.clone()
y2 = bn(inp(1))
bn.eval()
y3 = bn(inp(2))
flat = lambda t: [float(v) for v in t.detach().reshape(-1)]  # noqa: E731
out = {
    'shape': [N, C, H, W], 'eps': 1e-3, 'momentum': 0.03,
    'weight': [1.2, 0.8, 1.0], 'bias': [0.1, -0.2, 0.3],
    'running_mean0': [0.5, -0.5, 0.0], 'running_var0': [2.0, 0.5, 1.0],
    'x': [flat(inp(k)) for k in range(3)], 'coef': flat(coef),
    'y1': flat(y1), 'grad_x1': flat(x1.grad), 'grad_weight': flat(bn.weight.grad),
    'grad_bias': flat(bn.bias.grad),
    'running_mean1': flat(rm1), 'running_var1': flat(rv1),
    'running_mean2': flat(bn.running_mean), 'running_var2': flat(bn.running_var),
    'y2': flat(y2), 'y3_eval': flat(y3),
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'bn_train_torch.json'), 'w') as f:
    json.dump(out, f)
print('ok', out['running_mean2'], out['running_var2'])
