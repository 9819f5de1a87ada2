#!/usr/bin/python3
"""PyTorch (oneDNN) time of dense conv layers: forward, input gradient, weight gradient.

Reads a JSON list of layers on stdin (bench/conv.ts writes it; keys n,h,w,c,kh,kw,co,sh,sw,ph,pw,
name) and prints one JSON object {name: {"fwd": ms, "bwd_in": ms, "bwd_w": ms}} (best of --iters).
Uses Debian's python3-torch (run with /usr/bin/python3, not a pyenv shim), 2 threads, NCHW:
    echo '[{"name":"a","n":1,"h":8,"w":8,"c":3,"kh":3,"kw":3,"co":4,"sh":1,"sw":1,"ph":1,"pw":1}]' \
      | /usr/bin/python3 bench/kernels_torch.py [--threads 2] [--iters 5]
"""
import argparse
import json
import sys
import time

import torch


def best_ms(fn, iters):
    fn()  # warm-up: oneDNN picks and caches its primitive on the first call
    ts = []
    for _ in range(iters):
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1e3)
    return min(ts)  # the least disturbed run: the machine is shared


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--iters', type=int, default=5)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    layers = json.load(sys.stdin)
    out = {}
    with torch.no_grad():
        for l in layers:
            g = l.get('groups', 1)
            x = torch.randn(l['n'], l['c'], l['h'], l['w'])
            w = torch.randn(l['co'], l['c'] // g, l['kh'], l['kw'])
            stride, pad = (l['sh'], l['sw']), (l['ph'], l['pw'])
            y = torch.nn.functional.conv2d(x, w, None, stride, pad, 1, g)
            dy = torch.randn_like(y)

            # aten.convolution_backward is what autograd calls; the mask picks one gradient.
            def grad(mask):
                return torch.ops.aten.convolution_backward(
                    dy, x, w, None, stride, pad, (1, 1), False, (0, 0), g, mask)

            out[l['name']] = {
                'fwd': best_ms(lambda: torch.nn.functional.conv2d(x, w, None, stride, pad, 1, g), args.iters),
                'bwd_in': best_ms(lambda: grad([True, False, False]), args.iters),
                'bwd_w': best_ms(lambda: grad([False, True, False]), args.iters),
            }
    print(json.dumps(out))


if __name__ == '__main__':
    main()
