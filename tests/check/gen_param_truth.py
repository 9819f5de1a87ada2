"""Writes tests/check/param_truth.json: parameter counts and state_dict name/shape digests of
PyTorch models built by /work/shared/reference/ref_yolov5.py (equal to MMYOLO's), the truth the
module specs are tested against. Run: /usr/bin/python3 tests/check/gen_param_truth.py [SHARED]"""
import hashlib
import json
import os
import sys

shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '../../../shared')
sys.path.insert(0, os.path.join(shared, 'reference'))
import ref_yolov5 as R  # noqa: E402
import torch  # noqa: E402


P6_ANCHORS = [[(19, 27), (44, 40), (38, 94)], [(96, 68), (86, 152), (180, 137)],
              [(140, 301), (303, 264), (238, 542)], [(436, 615), (739, 380), (925, 792)]]


def yolov5(arch, scale):
    d, w = R.YOLOV5_SCALES[scale]
    if arch == 'P5':
        ch, idx, strides = [256, 512, 1024], (2, 3, 4), (8, 16, 32)
    else:
        ch, idx, strides = [256, 512, 768, 1024], (2, 3, 4, 5), (8, 16, 32, 64)
    bb = R.YOLOv5CSPDarknet(arch, d, w, out_indices=idx)
    neck = R.YOLOv5PAFPN(ch, ch, d, w, num_csp_blocks=3)
    head = R.YOLOv5HeadModule(80, ch, w, 3, strides)
    args = dict(
        backbone=dict(type='YOLOv5CSPDarknet', arch=arch, deepen_factor=d, widen_factor=w, out_indices=list(idx)),
        neck=dict(type='YOLOv5PAFPN', in_channels=ch, out_channels=ch, deepen_factor=d, widen_factor=w, num_csp_blocks=3),
        bbox_head=dict(type='YOLOv5Head', head_module=dict(type='YOLOv5HeadModule', num_classes=80, in_channels=ch,
                                                          widen_factor=w, featmap_strides=list(strides))))
    if arch == 'P6':  # MMYOLO's yolov5_s-p6-v62 head settings
        args['bbox_head'].update(prior_generator=dict(base_sizes=P6_ANCHORS, strides=list(strides)),
                                 obj_level_weights=[4.0, 1.0, 0.25, 0.06])
    return R.YOLODetector(bb, neck, R.YOLOv5Head(head)), args


def starnet(name, out_indices=(1, 2, 3)):
    base, depths, r = R.STARNET_ARCHS[name]
    ch = [2 * base * 2 ** i for i in out_indices]
    bb = R.StarNet(base, depths, r, out_indices)
    neck = R.YOLOv5PAFPN(ch, ch, 0.33, 0.5, num_csp_blocks=3)
    head = R.YOLOv5HeadModule(80, ch, 0.5, 3, (8, 16, 32))
    args = dict(
        backbone=dict(type='StarNet', base_dim=base, depths=depths, mlp_ratio=r, out_indices=list(out_indices)),
        neck=dict(type='YOLOv5PAFPN', in_channels=ch, out_channels=ch, deepen_factor=0.33, widen_factor=0.5, num_csp_blocks=3),
        bbox_head=dict(type='YOLOv5Head', head_module=dict(type='YOLOv5HeadModule', num_classes=80, in_channels=ch,
                                                          widen_factor=0.5, featmap_strides=[8, 16, 32])))
    return R.YOLODetector(bb, neck, R.YOLOv5Head(head)), args


def conv_macs(model, w, h):
    """Multiply-adds of every Conv2d at a w x h input (hooks on a real forward), and the head's
    output shapes: the truth for `yoloc summary`."""
    total = [0]

    def hook(m, inp, out):
        total[0] += out.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]
    hs = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, torch.nn.Conv2d)]
    with torch.no_grad():
        cls, _, _ = model.eval()(torch.zeros(1, 3, h, w))
    for x in hs:
        x.remove()
    return total[0], [list(c.shape) for c in cls]


def describe(model, args, keep_names):
    sd = [(k, list(v.shape)) for k, v in model.state_dict().items() if not k.endswith('num_batches_tracked')]
    lines = ''.join(f'{k}:{"x".join(map(str, s))}\n' for k, s in sd)
    part = lambda p: sum(x.numel() for n, x in model.named_parameters() if n.startswith(p))  # noqa: E731
    out = dict(args=args, total=R.count_params(model), backbone=part('backbone.'), neck=part('neck.'),
               head=part('bbox_head.'), keys=len(sd), digest=hashlib.sha256(lines.encode()).hexdigest())
    out['macs_640x512'], out['cls_shapes_640x512'] = conv_macs(model, 640, 512)
    if keep_names:
        out['state_dict'] = [f'{k}:{"x".join(map(str, s))}' for k, s in sd]
    return out


truth = {}
for arch in ('P5', 'P6'):
    for scale in 'nsmlx':
        m, a = yolov5(arch, scale)
        truth[f'yolov5{scale}-{arch}'] = describe(m, a, (arch, scale) in (('P5', 's'), ('P6', 'n')))
for name in ('s050', 's100', 's150', 's1', 's2', 's3', 's4', 'seed'):
    m, a = starnet(name)
    truth[f'starnet_{name}'] = describe(m, a, False)
m, a = starnet('seed', (0, 1, 2))
truth['starnet_seed_out012'] = describe(m, a, False)
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'param_truth.json')
with open(path + '.tmp', 'w') as f:
    json.dump(truth, f, indent=1)
    f.write('\n')
os.replace(path + '.tmp', path)
print({k: v['total'] for k, v in truth.items()})
