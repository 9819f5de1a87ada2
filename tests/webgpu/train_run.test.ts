/**
 * A short real training run (`train()`: data pipeline, YOLOv5 loss, fused BatchNorm/star, SGD
 * from step 2 on our multi-tensor kernel, EMA, BN running stats, checkpoint) on webgpu equals the
 * same run on cpu: every logged loss, and the checkpoint's weights, EMA weights and momentum
 * buffers. No WebGPU validation error on the way.
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveConfig } from '../../compiler/resolve.js';
import { selectBackend } from '../../runtime/backend/index.js';
import { synthDataset } from '../../runtime/data/index.js';
import { train } from '../../runtime/engine/train.js';
import { loadCheckpoint } from '../../runtime/engine/checkpoint.js';
import { webgpuDevice } from '../../runtime/backend/webgpu/index.js';
import { writeTinyConfig } from '../helpers/tiny-config.js';
import { useWebgpu } from '../helpers/webgpu.js';
import { maxAbsDiff } from '../runtime/helpers.js';

let gpu = false;
before(async () => { gpu = await useWebgpu(); });

it('4 training iterations on webgpu equal cpu: losses, weights, EMA, momentum buffers', { timeout: 600_000 }, async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-wgpu-run-'));
  synthDataset({ out: path.join(dir, 'data'), train: 4, val: 2, classes: 2, size: 64, seed: 3 });
  const file = writeTinyConfig(path.join(dir, 'c.py'), path.join(dir, 'data'), `
train_cfg = dict(max_epochs=2, val_interval=100)
default_hooks = dict(param_scheduler=dict(max_epochs=2, warmup_epochs=0, warmup_mim_iter=1), checkpoint=dict(interval=100, save_best=None))
optim_wrapper = dict(optimizer=dict(lr=0.01))`);
  const r = resolveConfig(file);
  assert.ok(r.value, r.diagnostics.map((d) => d.message).join('\n'));
  const runs: Record<string, Awaited<ReturnType<typeof train>>> = {};
  for (const b of ['cpu', 'webgpu']) {
    await selectBackend(b, { quiet: true });
    const dev = b === 'webgpu' ? webgpuDevice() as unknown as { pushErrorScope(f: string): void; popErrorScope(): Promise<{ message: string } | null> } : null;
    dev?.pushErrorScope('validation');
    runs[b] = await train({ config: r.value.data, workDir: path.join(dir, `wd-${b}`), baseDir: dir, quiet: true });
    if (dev) assert.equal((await dev.popErrorScope())?.message, undefined, 'WebGPU validation error');
  }
  const [c, g] = [runs.cpu!, runs.webgpu!];
  assert.equal(g.iters, 4);
  assert.equal(g.losses.length, c.losses.length);
  g.losses.forEach((l, i) => assert.ok(Math.abs(l - c.losses[i]!) <= 1e-4 * Math.abs(c.losses[i]!), `loss ${i}: ${l} vs ${c.losses[i]}`));
  const [cc, gc] = [loadCheckpoint(c.lastCheckpoint!), loadCheckpoint(g.lastCheckpoint!)];
  for (const part of ['model', 'ema', 'optimizer'] as const) {
    assert.ok(cc[part].size > 0, `the checkpoint has ${part} tensors`);
    assert.equal(gc[part].size, cc[part].size, `${part}: tensor count`);
    for (const [k, v] of cc[part]) {
      const w = gc[part].get(k);
      assert.ok(w, `${part}.${k} on webgpu`);
      const { max } = maxAbsDiff(w.data, v.data);
      assert.ok(max <= 1e-4, `${part}.${k}: max |diff| ${max}`);
    }
  }
});
