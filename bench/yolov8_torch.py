#!/usr/bin/env python3
"""PyTorch's YOLOv8 training step on the CPU, for bench/train.ts: the reference model
(tests/fixtures/yolov8/ref_yolov8_model.py) in training mode, the real YOLOv8 loss
(ref_yolov8_loss.py: TAL assigner, BCE, CIoU, DFL; equal to MMYOLO's own code) on random boxes
drawn as yoloc bench draws them (4 per image), backward, SGD(lr 0.01, momentum 0.937, Nesterov,
weight decay 5e-4).

usage: /usr/bin/python3 bench/yolov8_torch.py [--size s] [--batch 8] [--img 640] [--threads 2]
         [--warmup 1] [--iters 3] [--json OUT.json]
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests', 'fixtures', 'yolov8'))
import ref_yolov8_loss as L  # noqa: E402
import ref_yolov8_model as M  # noqa: E402


def boxes(batch, size, num_classes, seed=0):
    """yoloc bench's boxes: 4 per image, sides 5..45% of the input (runtime/engine/bench.ts's lcg)."""
    s = seed & 0xffffffff or 1

    def rnd():
        nonlocal s
        s = (s * 1664525 + 1013904223) & 0xffffffff
        return s / 2 ** 32
    rows = []
    for b in range(batch):
        for _ in range(4):
            w, h = size * (0.05 + 0.4 * rnd()), size * (0.05 + 0.4 * rnd())
            x1, y1 = (size - w) * rnd(), (size - h) * rnd()
            rows.append([b, int(rnd() * num_classes), x1, y1, x1 + w, y1 + h])
    return torch.tensor(rows, dtype=torch.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--size', default='s')
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--img', type=int, default=640)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--warmup', type=int, default=1)
    ap.add_argument('--iters', type=int, default=3)
    ap.add_argument('--json')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = M.build(a.size)
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.937, nesterov=True, weight_decay=5e-4)
    x = torch.rand(a.batch, 3, a.img, a.img)
    gt = boxes(a.batch, a.img, 80)
    cfg = L.default_config(num_classes=80)

    def step():
        opt.zero_grad()
        cls, dist = model(x)
        out = L.yolov8_loss(cls, dist, gt, cfg)
        (out['loss_cls'] + out['loss_bbox'] + out['loss_dfl']).backward()
        opt.step()
    for _ in range(a.warmup):
        step()
    ts = []
    for _ in range(a.iters):
        t0 = time.perf_counter()
        step()
        ts.append(time.perf_counter() - t0)
    res = dict(model=f'yolov8{a.size}', batch=a.batch, img=a.img, threads=torch.get_num_threads(), torch=torch.__version__,
               params=sum(p.numel() for p in model.parameters()), train_step_s_median=statistics.median(ts), times_s=ts)
    print(json.dumps(res))
    if a.json:
        with open(a.json, 'w') as f:
            json.dump(res, f)


if __name__ == '__main__':
    main()
