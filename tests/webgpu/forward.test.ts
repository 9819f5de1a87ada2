/**
 * The webgpu backend end to end on the PyTorch forward fixtures (SwiftShader on CPU machines):
 * `yoloc forward --backend webgpu` equals PyTorch within 1e-3, and tensors on the GPU are never
 * read synchronously (a dataSync of GPU data is a clear error, not a browser API).
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import { readSafetensors } from '../../runtime/index.js';
import { assertClose, FIXTURES } from '../runtime/helpers.js';
import { ROOT } from '../helpers/paths.js';
import { useWebgpu } from '../helpers/webgpu.js';

const MODEL = path.join(ROOT, 'tests/runtime/yolov5_starnet_s8.model.json');
const WEIGHTS = path.join(FIXTURES, 'yolov5_starnet_s8.weights.safetensors');
const INPUT = path.join(FIXTURES, 'input_320.safetensors');

let gpu = false;
before(async () => { gpu = await useWebgpu(); });

it('yoloc forward --backend webgpu equals the PyTorch fixture within 1e-3', { timeout: 300_000 }, (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'yoloc-wgpu-')), 'o.safetensors');
  const r = spawnSync(process.execPath, ['bin/yoloc.js', 'forward', MODEL, '--weights', WEIGHTS, '--input', INPUT, '--output', out, '--backend', 'webgpu'],
    { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /yoloc: backend webgpu on .+/);
  assert.doesNotMatch(r.stderr, /XDG_RUNTIME_DIR|shaderUniform|OffscreenCanvas/);
  const got = readSafetensors(out);
  const want = readSafetensors(path.join(FIXTURES, 'yolov5_starnet_s8.out_320.safetensors'));
  assert.equal(got.size, 9);
  for (const [k, v] of got) assertClose(k, v, want.get(k)!, 1e-3);
});

it('a synchronous read of GPU data says to use the async read', async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const x = tf.tidy(() => tf.mul(tf.ones([64, 64]), 3));
  assert.throws(() => x.dataSync(), /synchronous read of a GPU tensor .*await t\.data\(\)/);
  assert.equal((await x.data())[0], 3);
  x.dispose();
});

it('an error the GPU reports (here: a shader that does not compile) stops with YC7503 at the next read', async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const { webgpuDevice } = await import('../../runtime/backend/webgpu/index.js');
  const { checkDeviceErrors } = await import('../../runtime/backend/device-errors.js');
  checkDeviceErrors(); // nothing pending before
  const dev = webgpuDevice() as unknown as { createShaderModule(d: { code: string }): unknown };
  dev.createShaderModule({ code: 'this is not WGSL' });
  const x = tf.ones([8]);
  await x.data(); // a round trip: the error event arrives meanwhile
  x.dispose();
  await new Promise((r) => setTimeout(r, 50));
  assert.throws(() => checkDeviceErrors(), (e: Error & { code?: string }) => e.code === 'YC7503' && /GPU reported an error/.test(e.message));
  checkDeviceErrors(); // reported once
});
