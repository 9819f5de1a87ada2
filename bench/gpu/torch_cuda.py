#!/usr/bin/env python3
"""PyTorch eager on the same GPU, for bench/gpu/check.ts's figures (run in the same script).

usage: python3 torch_cuda.py --ref DIR [--models yolov5_starnet_s8,yolov5s] [--size 640]
         [--forward-batches 1,32] [--train-batches 16,32,64] [--steps 5]
DIR holds the reference models (ref_yolov5.py, from ../shared/reference). Eval: model.eval(),
torch.no_grad(); train: model.train(), zero_grad, forward, loss = sum of every head output,
backward, SGD(momentum 0.937, nesterov) step. Each timing is the median of --steps after one
warm-up, with torch.cuda.synchronize() around it. One JSON object per line.
"""
import argparse
import json
import statistics
import sys
import time

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ref', required=True)
    ap.add_argument('--models', default='yolov5_starnet_s8,yolov5s')
    ap.add_argument('--size', type=int, default=640)
    ap.add_argument('--forward-batches', default='1,32')
    ap.add_argument('--train-batches', default='16,32,64')
    ap.add_argument('--steps', type=int, default=5)
    a = ap.parse_args()
    sys.path.insert(0, a.ref)
    import ref_yolov5 as R  # noqa: E402
    if not torch.cuda.is_available():
        print(json.dumps({'torch': torch.__version__, 'error': 'no CUDA device'}))
        return
    dev = torch.device('cuda')
    print(json.dumps({'torch': torch.__version__, 'device': torch.cuda.get_device_name(0)}), flush=True)

    def timed(fn):
        fn()
        torch.cuda.synchronize()
        ts = []
        for _ in range(a.steps):
            t0 = time.perf_counter()
            fn()
            torch.cuda.synchronize()
            ts.append(time.perf_counter() - t0)
        return statistics.median(ts)

    for name in a.models.split(','):
        model = R.build_preset(name).to(dev)
        model.eval()
        for b in map(int, a.forward_batches.split(',')):
            x = torch.rand(b, 3, a.size, a.size, device=dev)

            def fwd():
                with torch.no_grad():
                    model(x)
            s = timed(fwd)
            print(json.dumps({'torch': name, 'mode': 'forward', 'batch': b, 'size': a.size, 'median_s': s, 'images_per_s': b / s}), flush=True)
        model.train()
        opt = torch.optim.SGD(model.parameters(), lr=1e-4, momentum=0.937, nesterov=True)
        for b in map(int, a.train_batches.split(',')):
            try:
                x = torch.rand(b, 3, a.size, a.size, device=dev)

                def step():
                    opt.zero_grad(set_to_none=True)
                    cls, box, obj = model(x)
                    loss = sum(t.sum() for t in cls + box + obj)
                    loss.backward()
                    opt.step()
                s = timed(step)
                print(json.dumps({'torch': name, 'mode': 'train', 'batch': b, 'size': a.size, 'median_s': s, 'images_per_s': b / s}), flush=True)
            except RuntimeError as e:
                print(json.dumps({'torch': name, 'mode': 'train', 'batch': b, 'error': str(e).split('\n')[0]}), flush=True)
                torch.cuda.empty_cache()
                break


if __name__ == '__main__':
    main()
