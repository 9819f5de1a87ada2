import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readWeightsFile, starnetImagenetToBackbone, weightsFormat } from '../../runtime/io/weights-file.js';
import { readSafetensors, type TensorData } from '../../runtime/io/safetensors.js';
import { readPth } from '../../runtime/io/pth.js';
import { listZip, readZipEntry, buildZip } from '../../runtime/io/zip.js';
import { YolocError } from '../../runtime/errors.js';
import { ROOT } from '../helpers/paths.js';

const FIX = path.join(ROOT, 'tests/fixtures/pth');

function assertSameAsTwin(got: Map<string, TensorData>, twinFile: string): void {
  const twin = readSafetensors(twinFile);
  assert.deepEqual([...got.keys()].sort(), [...twin.keys()].sort());
  for (const [k, t] of twin) {
    const g = got.get(k)!;
    assert.deepEqual(g.shape, t.shape, k);
    assert.deepEqual([...g.data], [...t.data], k);
  }
}

const isErr = (code: string, file: string) => (e: unknown) =>
  e instanceof YolocError && e.code === code && e.file === file;

test('a state_dict of every dtype, views and a Parameter equals its PyTorch-made twin', () => {
  const got = readWeightsFile(path.join(FIX, 'state_dict.pth'));
  assertSameAsTwin(got, path.join(FIX, 'state_dict.safetensors'));
  assert.equal(got.get('bn.num_batches_tracked')!.dtype, 'int32');
  assert.deepEqual(got.get('bn.num_batches_tracked')!.shape, []);
  assert.deepEqual([...got.get('bool')!.data], [1, 0, 1]);
  assert.deepEqual([...got.get('half')!.data], [0.5, -1.25, 65504, Math.fround(0.0001000165939331054688)]);
  // base = arange(24).reshape(4,6)/7; transposed[i][j] = base[j][i]; sliced = base[1:, ::2]
  const tr = got.get('transposed')!;
  assert.deepEqual(tr.shape, [6, 4]);
  assert.equal(tr.data[1 * 4 + 2], Math.fround(Math.fround(13) / 7));
  assert.equal(got.get('sliced')!.data[0], Math.fround(Math.fround(6) / 7));
});

test('deflated records read the same as stored ones', () => {
  assertSameAsTwin(readWeightsFile(path.join(FIX, 'state_dict_deflated.pth')), path.join(FIX, 'state_dict.safetensors'));
});

test("an MMEngine checkpoint gives its 'state_dict'; numpy and HistoryBuffer metadata stay inert", () => {
  const f = path.join(FIX, 'mmengine_ckpt.pth');
  assertSameAsTwin(readWeightsFile(f), path.join(FIX, 'mmengine_ckpt.safetensors'));
  const ema = readWeightsFile(f, { entry: 'ema_state_dict' });
  // ema_state_dict keys are not all 'module.'-prefixed ('steps' is not), so they stay as saved
  assert.ok(ema.has('module.backbone.conv.weight') && ema.has('steps'));
  const root = readPth(f).root as Map<unknown, unknown>;
  const meta = root.get('meta') as Map<unknown, unknown>;
  assert.equal(meta.get('epoch'), 3n);
  assert.equal(meta.get('mmengine_version'), '0.10.3');
  assert.throws(() => readWeightsFile(f, { entry: 'nope' }), isErr('YC7115', f));
});

test('a StarNet ImageNet checkpoint maps to backbone keys, the classifier reported as dropped', () => {
  const f = path.join(FIX, 'starnet_imagenet.pth.tar');
  assert.equal(weightsFormat(f), 'pth');
  const r = starnetImagenetToBackbone(readWeightsFile(f));
  assert.deepEqual([...r.tensors.keys()], ['backbone.stem.0.conv.weight', 'backbone.stem.0.bn.weight',
    'backbone.stages.0.0.conv.weight', 'backbone.stages.0.1.dwconv.conv.bias']);
  assert.deepEqual(r.dropped, ['norm.weight', 'head.weight', 'head.bias']);
  assert.deepEqual(r.tensors.get('backbone.stem.0.conv.weight')!.shape, [32, 3, 3, 3]);
});

test('a pickle calling os.system is refused naming the global, and nothing runs', () => {
  const f = path.join(FIX, 'evil.pth');
  assert.throws(() => readWeightsFile(f), (e: unknown) => isErr('YC7113', f)(e) && /system/.test((e as Error).message));
});

test('the legacy non-zip format is refused with a re-save hint', () => {
  const f = path.join(FIX, 'legacy.pth');
  assert.throws(() => readWeightsFile(f), (e: unknown) => isErr('YC7111', f)(e) && !!(e as YolocError).fix);
});

test('truncated, garbage and missing files are YC71xx errors naming the file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-pth-'));
  const bytes = readFileSync(path.join(FIX, 'state_dict.pth'));
  const f = path.join(dir, 'cut.pth');
  for (const keep of [bytes.length - 1, bytes.length - 30, Math.floor(bytes.length / 2), 100, 10, 3]) {
    writeFileSync(f, bytes.subarray(0, keep));
    assert.throws(() => readWeightsFile(f), (e: unknown) => e instanceof YolocError && /^YC71(10|11)$/.test(e.code) && e.file === f, `keep ${keep}`);
  }
  writeFileSync(f, 'hello world, not a checkpoint');
  assert.throws(() => readWeightsFile(f), isErr('YC7110', f));
  assert.throws(() => readWeightsFile(path.join(dir, 'absent.pth')), isErr('YC7100', path.join(dir, 'absent.pth')));
});

test('a flipped bit in a storage fails its CRC; any flipped bit is an error or a faithful load', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-pth-'));
  const src = path.join(FIX, 'state_dict.pth');
  const bytes = readFileSync(src);
  const good = readWeightsFile(src);
  const f = path.join(dir, 'flip.pth');
  // the 'conv.weight' values lie in a 64-byte aligned record: find them by content
  const w = Buffer.from(new Float32Array(good.get('conv.weight')!.data).buffer);
  const at = bytes.indexOf(w);
  assert.ok(at > 0);
  const one = Buffer.from(bytes);
  one[at + 5]! ^= 0x10;
  writeFileSync(f, one);
  assert.throws(() => readWeightsFile(f), (e: unknown) => isErr('YC7110', f)(e) && /CRC/.test((e as Error).message));
  let seed = 12345;
  for (let i = 0; i < 150; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const b = Buffer.from(bytes);
    b[seed % b.length]! ^= 1 << (seed % 8);
    writeFileSync(f, b);
    try {
      const got = readWeightsFile(f);
      for (const [k, t] of good) assert.deepEqual([...got.get(k)!.data], [...t.data]);
    } catch (e) {
      assert.ok(e instanceof YolocError && /^YC71\d\d$/.test(e.code) && e.file === f, `flip ${i}: ${(e as Error).stack}`);
    }
  }
});

test('a dtype we do not decode (complex64) is a YC7114 naming the storage class', () => {
  const f = path.join(FIX, 'complex.pth');
  assert.throws(() => readWeightsFile(f), (e: unknown) => isErr('YC7114', f)(e) && /ComplexFloatStorage/.test((e as Error).message));
});

test("a module's state_dict in pickle protocol 4 (FRAME, MEMOIZE, _metadata BUILD) equals its twin", () => {
  assertSameAsTwin(readWeightsFile(path.join(FIX, 'module_p4.pth')), path.join(FIX, 'module_p4.safetensors'));
});

test('a mutated data.pkl (CRCs made valid again) never crashes: it loads or is a YC71xx error', () => {
  const src = readFileSync(path.join(FIX, 'mmengine_ckpt.pth'));
  const entries = listZip(src);
  const records = [...entries.values()].map((e) => ({ name: e.name, data: readZipEntry(src, e) }));
  const pkl = records.find((r) => r.name.endsWith('data.pkl'))!;
  const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-pkl-'));
  const f = path.join(dir, 'm.pth');
  let seed = 99;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let i = 0; i < 300; i++) {
    const data = Buffer.from(pkl.data);
    for (let k = 0; k < 1 + (i % 3); k++) data[next() % data.length] = next() % 256;
    const cut = i % 10 === 0 ? data.subarray(0, next() % data.length) : data;
    writeFileSync(f, buildZip(records.map((r) => (r === pkl ? { name: r.name, data: cut } : r))));
    try {
      readWeightsFile(f);
      readPth(f);
    } catch (e) {
      assert.ok(e instanceof YolocError && /^YC71\d\d$/.test(e.code) && e.file === f, `mutation ${i}: ${(e as Error).stack}`);
    }
  }
});
