"""Builds the StarNet backbone of an exported MMYOLO project with PyTorch and runs it.

usage: python3 check_mmyolo_starnet.py PROJECT_DIR CONFIG_NAME INPUT.safetensors OUT.safetensors

Executes the exported config as plain Python (it has no _base_ and no imports), builds
model.backbone with our yoloc_starnet module (without MMYOLO installed, registration is skipped),
loads the backbone.* entries of weights.pth with strict=True, runs it in eval mode on the tensor
'input' and writes its outputs as backbone.L (float32 safetensors). Prints a JSON summary.
"""
import json
import runpy
import struct
import sys

import numpy as np
import torch


def read_safetensors(path):
    with open(path, 'rb') as f:
        n = struct.unpack('<Q', f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for k, v in header.items():
        if k == '__metadata__':
            continue
        a, b = v['data_offsets']
        out[k] = np.frombuffer(data[a:b], dtype=np.float32).reshape(v['shape'])
    return out


def write_safetensors(path, tensors):
    header, blobs, off = {}, [], 0
    for k in sorted(tensors):
        b = np.ascontiguousarray(tensors[k], dtype='<f4').tobytes()
        header[k] = {'dtype': 'F32', 'shape': list(tensors[k].shape), 'data_offsets': [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header).encode()
    h += b' ' * ((8 - len(h) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h)) + h + b''.join(blobs))


def main():
    project, config_name, input_path, out_path = sys.argv[1:5]
    sys.path.insert(0, project)
    import yoloc_starnet  # noqa: E402  (the module the config's custom_imports names)

    cfg = runpy.run_path(f'{project}/{config_name}')
    assert 'yoloc_starnet' in cfg['custom_imports']['imports'], cfg['custom_imports']
    args = dict(cfg['model']['backbone'])
    kind = args.pop('type').split('.')[-1]
    backbone = getattr(yoloc_starnet, kind)(**args)
    ckpt = torch.load(f'{project}/weights.pth', map_location='cpu')
    sd = {k[len('backbone.'):]: v for k, v in ckpt['state_dict'].items() if k.startswith('backbone.')}
    backbone.load_state_dict(sd, strict=True)
    backbone.eval()
    x = torch.from_numpy(read_safetensors(input_path)['input'].copy())
    with torch.no_grad():
        outs = backbone(x)
    write_safetensors(out_path, {f'backbone.{i}': o.numpy() for i, o in enumerate(outs)})
    print(json.dumps({'torch': torch.__version__, 'type': kind, 'keys': len(sd),
                      'shapes': [list(o.shape) for o in outs], 'load_from': cfg.get('load_from')}))


if __name__ == '__main__':
    main()
