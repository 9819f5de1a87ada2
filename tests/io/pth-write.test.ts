import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writePth, readPth } from '../../runtime/io/pth.js';
import { readWeightsFile } from '../../runtime/io/weights-file.js';
import { readSafetensors, type TensorData } from '../../runtime/io/safetensors.js';
import { run as convert } from '../../cli/convert.js';
import { ROOT } from '../helpers/paths.js';

const FIX = path.join(ROOT, 'tests/fixtures/pth');

function sample(): Map<string, TensorData> {
  return new Map<string, TensorData>([
    ['backbone.conv.weight', { dtype: 'float32', shape: [2, 3, 1, 2], data: new Float32Array([1, -2.5, 3e-8, 4, Math.PI, -0, 7, 8, 9, 10, 11, 1e30]) }],
    ['bn.num_batches_tracked', { dtype: 'int32', shape: [], data: new Int32Array([42]) }],
    ['empty', { dtype: 'float32', shape: [0, 3], data: new Float32Array(0) }],
  ]);
}

function torchAvailable(): boolean {
  return spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

test('writePth then readPth round-trips bit-exactly, in both layouts, atomically', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-pthw-'));
  for (const layout of ['mmengine', 'plain'] as const) {
    const f = path.join(dir, `${layout}.pth`);
    writePth(f, sample(), { layout });
    const root = readPth(f).root as Map<unknown, unknown>;
    assert.equal(root.has('state_dict'), layout === 'mmengine');
    const back = readWeightsFile(f);
    assert.deepEqual([...back.keys()], [...sample().keys()]);
    for (const [k, t] of sample()) {
      assert.equal(back.get(k)!.dtype, t.dtype);
      assert.deepEqual(back.get(k)!.shape, t.shape);
      assert.deepEqual([...back.get(k)!.data], [...t.data]);
    }
  }
  assert.deepEqual(readdirSync(dir).sort(), ['mmengine.pth', 'plain.pth']);
  writePth(path.join(dir, 'again.pth'), sample(), { layout: 'plain' });
  assert.ok(readFileSync(path.join(dir, 'again.pth')).equals(readFileSync(path.join(dir, 'plain.pth'))), 'same tensors, same bytes');
});

test('yoloc convert: .pth -> .safetensors -> .pth keeps every value', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-conv-'));
  const st = path.join(dir, 'a.safetensors');
  const pt = path.join(dir, 'b.pth');
  assert.equal(await convert([path.join(FIX, 'state_dict.pth'), st, '--quiet']), 0);
  assert.equal(await convert([st, pt, '--quiet']), 0);
  const orig = readWeightsFile(path.join(FIX, 'state_dict.pth'));
  const back = readWeightsFile(pt);
  for (const [k, t] of orig) assert.deepEqual([...back.get(k)!.data], [...t.data], k);
  assert.deepEqual(readSafetensors(st).get('transposed')!.shape, [6, 4]);
  const sn = path.join(dir, 'sn.safetensors');
  assert.equal(await convert([path.join(FIX, 'starnet_imagenet.pth.tar'), sn, '--starnet-imagenet', '--quiet']), 0);
  assert.ok([...readSafetensors(sn).keys()].every((k) => k.startsWith('backbone.')));
});

test('our .pth loads in torch.load(weights_only=True) to the same tensors', (t) => {
  if (!torchAvailable()) {
    t.skip('PyTorch not importable by /usr/bin/python3; the committed fixtures carry the reading tests');
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-torch-'));
  const f = path.join(dir, 'w.pth');
  writePth(f, sample());
  const py = `
import sys, json, torch
d = torch.load(sys.argv[1], weights_only=True)
sd = d['state_dict']
print(json.dumps({k: [str(v.dtype), list(v.shape), v.flatten().tolist()] for k, v in sd.items()}))`;
  const r = spawnSync('/usr/bin/python3', ['-c', py, f], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const got = JSON.parse(r.stdout) as Record<string, [string, number[], number[]]>;
  for (const [k, t2] of sample()) {
    const [dtype, shape, values] = got[k]!;
    assert.equal(dtype, t2.dtype === 'int32' ? 'torch.int32' : 'torch.float32');
    assert.deepEqual(shape, t2.shape);
    assert.deepEqual(values.map((v) => Object.is(v, -0) ? 0 : v), [...t2.data].map((v) => Object.is(v, -0) ? 0 : v));
  }
});
