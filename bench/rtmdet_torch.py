#!/usr/bin/env python3
"""PyTorch's RTMDet training step on the CPU, for bench/train.ts: the reference model
(tests/fixtures/anchor_free/ref.py, MMYOLO's state_dict names) in training mode, the real RTMDet
loss (tests/fixtures/rtmdet/ref_rtmdet_loss.py: DSL assigner, QFL, GIoU; equal to MMYOLO's own
code) on random boxes drawn as `yoloc bench` draws them (4 per image), backward, AdamW(lr 0.004,
weight decay 0.05, paramwise norm/bias decay 0, shared convs once), as the RTMDet configs train.

usage: /usr/bin/python3 bench/rtmdet_torch.py [--size s] [--batch 8] [--img 640] [--threads 2]
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
sys.path.insert(0, os.environ.get('RTMDET_MODEL_REF', os.path.join(HERE, '..', 'tests', 'fixtures', 'anchor_free')))
sys.path.insert(0, os.path.join(HERE, '..', 'tests', 'fixtures', 'rtmdet'))
import ref as M  # noqa: E402
import ref_optim as O  # noqa: E402
import ref_rtmdet_loss as L  # noqa: E402


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
    model = M.build_rtmdet(a.size)
    model.train()
    groups = O.param_groups(model, 0.004, 0.05)
    opt = torch.optim.AdamW([g for _, _, g in groups], lr=0.004, weight_decay=0.05)
    x = torch.rand(a.batch, 3, a.img, a.img)
    gt = boxes(a.batch, a.img, 80)
    loss_fn = L.RTMDetLossRef(num_classes=80)

    def step():
        opt.zero_grad()
        cls, box = model(x)
        out = loss_fn(cls, box, gt)
        (out['loss_cls'] + out['loss_bbox']).backward()
        opt.step()
    for _ in range(a.warmup):
        step()
    ts = []
    for _ in range(a.iters):
        t0 = time.perf_counter()
        step()
        ts.append(time.perf_counter() - t0)
    res = dict(model=f'rtmdet_{a.size}', batch=a.batch, img=a.img, threads=torch.get_num_threads(), torch=torch.__version__,
               params=sum(p.numel() for p in model.parameters()), train_step_s_median=statistics.median(ts), times_s=ts)
    print(json.dumps(res))
    if a.json:
        with open(a.json, 'w') as f:
            json.dump(res, f)


if __name__ == '__main__':
    main()
