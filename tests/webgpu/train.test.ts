/**
 * Training on the webgpu backend (SwiftShader on CPU machines): a short real run (`train()`:
 * data pipeline, YOLOv5 loss, fused BatchNorm/star, SGD on the multi-tensor kernel, EMA, BN
 * running stats, checkpoints) equals the same run on cpu (every loss; weights, EMA weights and
 * momentum buffers), with no WebGPU validation error; stopped after one epoch and resumed it
 * ends bit-identical to the uninterrupted run; `yoloc train --backend webgpu` trains and
 * checkpoints; `yoloc bench --mode train --backend webgpu` runs real steps; and automatic
 * selection never takes a software adapter (here it picks the native engine).
 */
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import { ROOT } from '../helpers/paths.js';
import { writeTinyConfig } from '../helpers/tiny-config.js';
import { useWebgpu } from '../helpers/webgpu.js';
import { maxAbsDiff } from '../runtime/helpers.js';

const bits = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
let gpu = false;
let dir = '';
let config = '';

before(async () => {
  gpu = await useWebgpu();
  const { synthDataset } = await import('../../runtime/data/index.js');
  dir = mkdtempSync(path.join(tmpdir(), 'yoloc-wgpu-train-'));
  synthDataset({ out: path.join(dir, 'data'), train: 4, val: 2, classes: 2, size: 64, seed: 3 });
  config = writeTinyConfig(path.join(dir, 'tiny.py'), path.join(dir, 'data'), `train_cfg = dict(max_epochs=2, val_interval=100)
default_hooks = dict(param_scheduler=dict(max_epochs=2, warmup_epochs=0, warmup_mim_iter=1),
                     checkpoint=dict(interval=1, max_keep_ckpts=5, save_best=None))
optim_wrapper = dict(optimizer=dict(lr=0.01))`);
});
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

it('4 iterations on webgpu equal cpu; stopped after one epoch and resumed, bit-identical to the uninterrupted run', { timeout: 900_000 }, async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const { resolveConfig } = await import('../../compiler/resolve.js');
  const { selectBackend } = await import('../../runtime/backend/index.js');
  const { train } = await import('../../runtime/engine/train.js');
  const { loadCheckpoint } = await import('../../runtime/engine/checkpoint.js');
  const { webgpuDevice } = await import('../../runtime/backend/webgpu/index.js');
  const resolved = resolveConfig(config);
  assert.ok(resolved.value, resolved.diagnostics.map((d) => d.message).join('\n'));
  const cfg = resolved.value.data;
  await selectBackend('cpu', { quiet: true });
  const onCpu = await train({ config: cfg, workDir: path.join(dir, 'cpu'), baseDir: dir, quiet: true });
  await useWebgpu();
  assert.equal(tf.getBackend(), 'webgpu');
  const straight = path.join(dir, 'straight');
  const broken = path.join(dir, 'broken');
  const dev = webgpuDevice() as unknown as { pushErrorScope(f: string): void; popErrorScope(): Promise<{ message: string } | null> };
  dev.pushErrorScope('validation');
  const before = tf.memory().numTensors;
  const full = await train({ config: cfg, workDir: straight, baseDir: dir, quiet: true });
  assert.equal((await dev.popErrorScope())?.message, undefined, 'WebGPU validation error');
  assert.equal(tf.memory().numTensors, before, 'training leaves no tensor behind');
  assert.equal(full.iters, 4);
  assert.equal(full.losses.length, 4, 'every iteration\'s loss was read (asynchronously)');
  full.losses.forEach((l, i) => assert.ok(Math.abs(l - onCpu.losses[i]!) <= 1e-4 * Math.abs(onCpu.losses[i]!), `loss ${i}: ${l} on webgpu vs ${onCpu.losses[i]} on cpu`));
  const [cc, gc] = [loadCheckpoint(path.join(dir, 'cpu', 'epoch_2.safetensors')), loadCheckpoint(path.join(straight, 'epoch_2.safetensors'))];
  for (const part of ['model', 'ema', 'optimizer'] as const) {
    assert.ok(cc[part].size > 0 && gc[part].size === cc[part].size, `${part}: tensor count`);
    for (const [k, v] of cc[part]) {
      const { max } = maxAbsDiff(gc[part].get(k)!.data, v.data);
      assert.ok(max <= 1e-4, `${part}.${k}: webgpu vs cpu max |diff| ${max}`);
    }
  }
  await train({ config: cfg, workDir: broken, baseDir: dir, quiet: true, maxEpochs: 1 });
  const rest = await train({ config: cfg, workDir: broken, baseDir: dir, quiet: true, resume: true });
  assert.equal(rest.epochs, 2);
  const x = loadCheckpoint(path.join(straight, 'epoch_2.safetensors'));
  const y = loadCheckpoint(path.join(broken, 'epoch_2.safetensors'));
  assert.equal(x.meta.iter, y.meta.iter);
  for (const part of ['model', 'ema', 'optimizer'] as const) {
    assert.ok(x[part].size > 0, part);
    for (const [k, v] of x[part]) {
      assert.ok(bits(y[part].get(k)!.data as Float32Array).equals(bits(v.data as Float32Array)), `${part} ${k} differs after resume`);
    }
  }
  // Training changed the weights (the step is real) and they are finite.
  const y0 = loadCheckpoint(path.join(broken, 'epoch_1.safetensors'));
  const k = 'bbox_head.head_module.convs_pred.0.weight';
  assert.ok(!bits(y0.ema.get(k)!.data as Float32Array).equals(bits(y.ema.get(k)!.data as Float32Array)), 'epoch 2 moved the weights');
  assert.ok([...y.ema.values()].every((v) => (v.data as Float32Array).every(Number.isFinite)));
});

it('yoloc train --backend webgpu trains and checkpoints; bench --mode train runs real steps', { timeout: 600_000 }, (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const work = path.join(dir, 'cli');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/yoloc.js'), 'train', config, '--work-dir', work, '--backend', 'webgpu', '--max-iters', '2'],
    { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stderr, /backend webgpu on /);
  assert.ok(existsSync(path.join(work, 'epoch_1.safetensors')), `checkpoint written: ${r.stderr}`);
  const b = spawnSync(process.execPath, [path.join(ROOT, 'bin/yoloc.js'), 'bench', config, '--mode', 'train', '--batch', '2', '--size', '64', '--steps', '1', '--warmup', '1', '--backend', 'webgpu', '--format', 'json'],
    { cwd: dir, encoding: 'utf8' });
  assert.equal(b.status, 0, b.stderr);
  const res = JSON.parse(b.stdout) as { backend: string; median_s: number; tensor_growth: number };
  assert.equal(res.backend, 'webgpu');
  assert.ok(res.median_s > 0);
  assert.equal(res.tensor_growth, 0);
});

it('automatic selection never takes a software adapter', { timeout: 120_000 }, (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const probe = `import { loadWebgpuBackend } from './runtime/backend/webgpu/index.ts';
const r = await loadWebgpuBackend(false); console.log(JSON.stringify(r));`;
  const p = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, VK_ICD_FILENAMES: '/usr/lib/chromium/vk_swiftshader_icd.json' } });
  assert.equal(p.status, 0, p.stderr);
  const r = JSON.parse(p.stdout.trim().split('\n').at(-1)!) as { reason?: string };
  assert.match(r.reason ?? '', /only a software adapter: google, swiftshader/);
});

it('automatic selection on a machine without a GPU picks the native engine, quietly (no Dawn or Vulkan messages)', { timeout: 120_000 }, () => {
  const b = spawnSync(process.execPath, ['bin/yoloc.js', 'bench', config, '--mode', 'forward', '--size', '64', '--steps', '1'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(b.status, 0, b.stderr);
  const hw = existsSync('/dev/nvidia0') || (existsSync('/dev/dri') && spawnSync('ls', ['/dev/dri']).stdout.toString().includes('renderD'));
  if (!hw) assert.match(b.stderr, /yoloc: backend (native|wasm)/);
  assert.doesNotMatch(b.stderr, /XDG_RUNTIME_DIR|Vulkan|shaderUniform|Loader Message/);
});

it('--backend webgpu without any adapter: one clear line and exit 1', { timeout: 120_000 }, () => {
  const b = spawnSync(process.execPath, ['bin/yoloc.js', 'bench', config, '--size', '64', '--steps', '1', '--backend', 'webgpu'],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, VK_ICD_FILENAMES: path.join(dir, 'no-such-icd.json') } });
  assert.equal(b.status, 1, b.stderr);
  assert.match(b.stderr, /YC7501: backend 'webgpu' could not be loaded here: no WebGPU adapter/);
  assert.doesNotMatch(b.stderr, /\n\s+at /, 'no stack trace');
});
