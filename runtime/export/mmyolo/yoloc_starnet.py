"""StarNet as an MMYOLO backbone, written by yoloc (`yoloc export --format mmyolo`).

Plain torch.nn, no timm: the network of "Rewrite the Stars" (CVPR 2024, ma-xu/Rewrite-the-Stars,
imagenet/starnet.py) without its classifier, with `out_indices` choosing which stages' outputs the
neck gets (stage i has base_dim * 2**i channels at stride 2**(i+2)). Parameter names equal the
upstream model's and yoloc's runtime (`stem.0.conv.weight`, `stages.1.2.dwconv.bn.running_mean`),
so checkpoints move between PyTorch and yoloc unchanged. The exported config imports this module
through `custom_imports`; it registers `StarNet` and the named variants `starnet_s050` ..
`starnet_s4` in mmyolo.registry.MODELS.
"""
from typing import Sequence

import torch
import torch.nn as nn

try:  # MMYOLO registers the types; without it the classes still work as plain modules.
    from mmyolo.registry import MODELS
except ImportError:  # pragma: no cover - MMYOLO absent (e.g. yoloc's own parity test)
    MODELS = None


def _register(obj):
    if MODELS is not None:
        MODELS.register_module(module=obj, force=True)
    return obj


class DropPath(nn.Module):
    """Stochastic depth per sample (timm's DropPath): survivors scaled by 1 / keep."""

    def __init__(self, drop_prob: float = 0.0):
        super().__init__()
        self.drop_prob = drop_prob

    def forward(self, x):
        if self.drop_prob == 0.0 or not self.training:
            return x
        keep = 1.0 - self.drop_prob
        mask = x.new_empty((x.shape[0],) + (1,) * (x.ndim - 1)).bernoulli_(keep)
        return x * mask / keep


class ConvBN(nn.Sequential):
    """Conv2d (with bias) then an optional BatchNorm2d (PyTorch defaults: eps 1e-5, momentum 0.1)."""

    def __init__(self, in_planes, out_planes, kernel_size=1, stride=1, padding=0, dilation=1, groups=1, with_bn=True):
        super().__init__()
        self.add_module('conv', nn.Conv2d(in_planes, out_planes, kernel_size, stride, padding, dilation, groups))
        if with_bn:
            self.add_module('bn', nn.BatchNorm2d(out_planes))
            nn.init.constant_(self.bn.weight, 1)
            nn.init.constant_(self.bn.bias, 0)


class Block(nn.Module):
    """x + dwconv2(g(relu6(f1(dw)) * f2(dw))), dw = dwconv(x): the star operation."""

    def __init__(self, dim, mlp_ratio=3, drop_path=0.0):
        super().__init__()
        self.dwconv = ConvBN(dim, dim, 7, 1, 3, groups=dim, with_bn=True)
        self.f1 = ConvBN(dim, mlp_ratio * dim, 1, with_bn=False)
        self.f2 = ConvBN(dim, mlp_ratio * dim, 1, with_bn=False)
        self.g = ConvBN(mlp_ratio * dim, dim, 1, with_bn=True)
        self.dwconv2 = ConvBN(dim, dim, 7, 1, 3, groups=dim, with_bn=False)
        self.act = nn.ReLU6()
        self.drop_path = DropPath(drop_path) if drop_path > 0.0 else nn.Identity()

    def forward(self, x):
        y = self.dwconv(x)
        y = self.act(self.f1(y)) * self.f2(y)
        y = self.dwconv2(self.g(y))
        return x + self.drop_path(y)


@_register
class StarNet(nn.Module):
    """StarNet backbone: a 32-channel stem (3x3/2 ConvBN + ReLU6), then per stage a 3x3/2 ConvBN
    and `depths[i]` Blocks; returns the outputs of the stages in `out_indices`."""

    def __init__(self, base_dim=32, out_indices: Sequence[int] = (0, 1, 2), depths=(3, 3, 12, 5), mlp_ratio=4,
                 drop_path_rate=0.0, num_classes=1000, init_cfg=None, **kwargs):
        super().__init__()
        self.num_classes = num_classes  # unused: the classifier is not built
        self.out_indices = tuple(out_indices)
        self.depths = list(depths)
        for i in self.out_indices:
            if not 0 <= i < len(self.depths):
                raise ValueError(f'StarNet out_indices: {i} is not a stage (0..{len(self.depths) - 1})')
        self.in_channel = 32
        self.stem = nn.Sequential(ConvBN(3, self.in_channel, kernel_size=3, stride=2, padding=1), nn.ReLU6())
        total = sum(self.depths)
        dpr = [drop_path_rate * i / (total - 1) if total > 1 else 0.0 for i in range(total)]  # torch.linspace
        self.stages = nn.ModuleList()
        cur = 0
        for i, depth in enumerate(self.depths):
            dim = base_dim * 2 ** i
            down = ConvBN(self.in_channel, dim, 3, 2, 1)
            self.in_channel = dim
            blocks = [Block(dim, mlp_ratio, dpr[cur + j]) for j in range(depth)]
            cur += depth
            self.stages.append(nn.Sequential(down, *blocks))

    def forward(self, x):
        x = self.stem(x)
        outs = []
        for i, stage in enumerate(self.stages):
            x = stage(x)
            if i in self.out_indices:
                outs.append(x)
        return tuple(outs)


# Named variants: (base_dim, depths, mlp_ratio), as the upstream starnet_* functions.
STARNET_ARCHS = {
    's050': (16, (1, 1, 3, 1), 3),
    's100': (20, (1, 2, 4, 1), 4),
    's150': (24, (1, 2, 4, 2), 3),
    's1': (24, (2, 2, 8, 3), 4),
    's2': (32, (1, 2, 6, 2), 4),
    's3': (32, (2, 2, 8, 4), 4),
    's4': (32, (3, 3, 12, 5), 4),
}


def _variant(name, base_dim, depths, mlp_ratio):
    def build(out_indices=(0, 1, 2), **kwargs):
        kwargs.pop('pretrained', None)
        return StarNet(base_dim, out_indices, depths, mlp_ratio, **kwargs)

    build.__name__ = f'starnet_{name}'
    build.__doc__ = f'StarNet-{name}: base_dim {base_dim}, depths {list(depths)}, mlp_ratio {mlp_ratio}.'
    return build


for _name, (_dim, _depths, _ratio) in STARNET_ARCHS.items():
    globals()[f'starnet_{_name}'] = _register(_variant(_name, _dim, _depths, _ratio))
