/**
 * State-dict loading like PyTorch's load_state_dict: shape mismatches are always refused
 * (YC7003, nothing assigned), strict mode refuses missing/unexpected keys (YC7004), non-strict
 * reports them; a prefix loads ImageNet StarNet keys into the backbone; stateDict() gives the
 * PyTorch layouts back bit for bit.
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  buildDetector, loadStateDict, readSafetensors, selectBackend, stateDict, STARNET_IMAGENET, YolocError, type TensorData,
} from '../../runtime/index.js';
import { FIXTURES, modelJson } from './helpers.js';

const FILE = path.join(FIXTURES, 'yolov5_starnet_s8.weights.safetensors');
let sd: Map<string, TensorData>;
before(async () => {
  await selectBackend('cpu', { quiet: true });
  sd = readSafetensors(FILE);
});
const fresh = () => buildDetector(modelJson('yolov5_starnet_s8.model.json'));

it('round-trips the PyTorch state_dict exactly (layouts converted in and out)', () => {
  const m = fresh();
  const r = loadStateDict(m, sd, { strict: true });
  assert.deepEqual([r.missingKeys, r.unexpectedKeys, r.loaded], [[], [], sd.size]);
  const back = stateDict(m);
  assert.deepEqual([...back.keys()].sort(), [...sd.keys()].sort());
  for (const k of ['backbone.stem.0.conv.weight', 'backbone.stages.1.1.dwconv.conv.weight', 'neck.reduce_layers.2.bn.running_var']) {
    assert.deepEqual(back.get(k)!.shape, sd.get(k)!.shape, k);
    assert.deepEqual(back.get(k)!.data, sd.get(k)!.data, k);
  }
  m.dispose();
});

it('refuses a shape mismatch with YC7003 naming the key and both shapes, and assigns nothing', () => {
  const m = fresh();
  const before = stateDict(m).get('neck.reduce_layers.2.conv.weight')!.data;
  const bad = new Map(sd);
  bad.set('backbone.stem.0.conv.weight', { dtype: 'float32', shape: [16, 3, 3, 3], data: new Float32Array(16 * 27) });
  assert.throws(() => loadStateDict(m, bad, { strict: false, file: 'w.safetensors' }), (e: unknown) =>
    e instanceof YolocError && e.code === 'YC7003' && e.file === 'w.safetensors'
    && /backbone\.stem\.0\.conv\.weight: checkpoint shape \[16,3,3,3\], model shape \[32,3,3,3\]/.test(e.message));
  assert.deepEqual(stateDict(m).get('neck.reduce_layers.2.conv.weight')!.data, before, 'nothing was loaded');
  m.dispose();
});

it('strict mode refuses missing and unexpected keys (YC7004); non-strict reports them', () => {
  const m = fresh();
  const partial = new Map(sd);
  partial.delete('bbox_head.head_module.convs_pred.1.bias');
  partial.set('bbox_head.extra.weight', { dtype: 'float32', shape: [1], data: new Float32Array(1) });
  assert.throws(() => loadStateDict(m, partial), (e: unknown) =>
    e instanceof YolocError && e.code === 'YC7004'
    && e.message.includes('missing keys: bbox_head.head_module.convs_pred.1.bias')
    && e.message.includes('unexpected keys: bbox_head.extra.weight'));
  const r = loadStateDict(m, partial, { strict: false });
  assert.deepEqual(r.missingKeys, ['bbox_head.head_module.convs_pred.1.bias']);
  assert.deepEqual(r.unexpectedKeys, ['bbox_head.extra.weight']);
  assert.equal(r.loaded, sd.size - 1);
  m.dispose();
});

it('loads ImageNet StarNet keys (no backbone. prefix, classifier dropped) into the backbone', () => {
  const m = fresh();
  const imagenet = new Map<string, TensorData>();
  for (const [k, v] of sd) if (k.startsWith('backbone.')) imagenet.set(k.slice('backbone.'.length), v);
  imagenet.set('norm.weight', { dtype: 'float32', shape: [384], data: new Float32Array(384) });
  imagenet.set('head.weight', { dtype: 'float32', shape: [1000, 384], data: new Float32Array(384000) });
  const r = loadStateDict(m, imagenet, STARNET_IMAGENET);
  assert.deepEqual([r.missingKeys, r.unexpectedKeys], [[], []]);
  assert.equal(r.loaded, imagenet.size - 2);
  assert.deepEqual(stateDict(m).get('backbone.stages.2.3.g.conv.weight')!.data, sd.get('backbone.stages.2.3.g.conv.weight')!.data);
  m.dispose();
});
