#!/usr/bin/env python3
"""PyTorch truth for tests/runtime/train.test.ts: a tiny StarNet-YOLOv5 (ref_yolov5 classes) in
training mode, loss = sum of every head output's sum x a fixed weight per output, backward.
Writes tests/fixtures/train_step/: weights (before), input, grads of every parameter, and the
BN running statistics after the step.   /usr/bin/python3 tests/runtime/gen_train_step.py"""
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
REF = os.environ.get('YOLOC_REFERENCE', os.path.join(HERE, '..', '..', '..', 'shared', 'reference'))
sys.path.insert(0, REF)
import ref_yolov5 as R  # noqa: E402
from st_io import save_safetensors  # noqa: E402

OUT = os.path.join(HERE, '..', 'fixtures', 'train_step')
WEIGHTS = [1.0, 0.5, 0.25, 2.0, 1.5, 1.0, 0.3, 0.2, 0.1]


def tiny_starnet():
    backbone = R.StarNet(8, [1, 1, 1, 1], 2, (1, 2, 3))
    neck = R.YOLOv5PAFPN([32, 64, 128], [32, 64, 128], 0.33, 0.5, 1)
    hm = R.YOLOv5HeadModule(3, [32, 64, 128], 0.5, 3, (8, 16, 32))
    return backbone, neck, hm


def tiny_yolov5():
    backbone = R.YOLOv5CSPDarknet('P5', 0.33, 0.125, out_indices=(2, 3, 4))
    neck = R.YOLOv5PAFPN([256, 512, 1024], [256, 512, 1024], 0.33, 0.125, 3)
    hm = R.YOLOv5HeadModule(3, [256, 512, 1024], 0.125, 3, (8, 16, 32))
    return backbone, neck, hm


def case(name, make, prefix):
    torch.manual_seed(0)
    backbone, neck, hm = make()
    hm.init_bias_prior()
    model = R.YOLODetector(backbone, neck, R.YOLOv5Head(hm))
    sd = {k: v.clone() for k, v in model.state_dict().items() if v.is_floating_point()}
    x = torch.rand(2, 3, 64, 64)
    model.train()
    cls, box, obj = model(x)
    loss = sum(t.sum() * w for t, w in zip(cls + box + obj, WEIGHTS))
    loss.backward()
    grads = {k: p.grad for k, p in model.named_parameters()}
    after = {k: v for k, v in model.state_dict().items() if 'running' in k}
    save_safetensors(os.path.join(OUT, prefix + 'weights.safetensors'), sd)
    save_safetensors(os.path.join(OUT, prefix + 'input.safetensors'), {'input': x, 'loss': loss.detach().reshape(1)})
    save_safetensors(os.path.join(OUT, prefix + 'grads.safetensors'), grads)
    save_safetensors(os.path.join(OUT, prefix + 'running_after.safetensors'), after)
    print(name, 'loss', float(loss), 'params', R.count_params(model))


os.makedirs(OUT, exist_ok=True)
case('tiny StarNet-YOLOv5', tiny_starnet, '')
case('tiny YOLOv5 (CSPDarknet, SPPF)', tiny_yolov5, 'yolov5_')
