/**
 * Resume on the native backend: a tiny run stopped after one epoch and resumed ends bit-identical
 * (weights, EMA, optimizer) to an uninterrupted one, even when the resumed part runs on another
 * thread count; and the reductions whose partial sums used to follow the thread count (the
 * depthwise filter gradient, column sums; the dense filter gradient) give the same bits for any
 * thread count, any buffer alignment and whatever ran before them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadAddon, addonUnavailableReason } from '../../runtime/backend/native/addon.js';
import type { NativeAddon } from '../../runtime/backend/native/addon.js';
import { writeTinyConfig } from '../helpers/tiny-config.js';

const addon = loadAddon();
const skip = addon === null ? `native addon unavailable: ${addonUnavailableReason()}` : false;

/** Deterministic values in [-1, 1) (an LCG), so a failure reproduces. */
function values(n: number, seed: number): Float32Array {
  const v = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = (s / 2 ** 32) * 2 - 1;
  }
  return v;
}

/** A copy of v that starts `off` floats into a larger buffer (misaligned for SIMD when off > 0). */
function placed(v: Float32Array, off: number): Float32Array {
  const b = new Float32Array(v.length + 16).fill(Number.NaN);
  const s = b.subarray(off, off + v.length);
  s.set(v);
  return s;
}

const bits = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Geometry of a k x k 'same' convolution (addon.ts's 15 integers). */
function geom(n: number, h: number, c: number, k: number, co: number, s: number): Int32Array {
  const oh = Math.ceil(h / s), pad = Math.max(0, (oh - 1) * s + k - h), pt = Math.floor(pad / 2);
  return Int32Array.from([n, h, h, c, k, k, co, oh, oh, s, s, 1, 1, pt, pt]);
}

/** Fills the addon's scratch buffers with other data (a large filter gradient and column sum). */
function pollute(a: NativeAddon): void {
  const g = geom(2, 48, 64, 3, 64, 1);
  const big = new Float32Array(2 * 48 * 48 * 64).fill(1e30);
  a.conv2dBackpropFilter(big, big, new Float32Array(9 * 64 * 64), g);
  a.depthwiseBackpropFilter(big, big, new Float32Array(49 * 64), geom(2, 48, 64, 7, 1, 1));
  a.reduceRows(0, big, new Float32Array(64));
}

interface Reduction { name: string; inputs: number[]; out: number; run: (a: NativeAddon, ins: Float32Array[], out: Float32Array) => void }

const REDUCTIONS: Reduction[] = [
  ...[[2, 40, 24, 1], [2, 10, 192, 1], [3, 21, 40, 2], [1, 5, 8, 1]].map(([n, h, c, s]): Reduction => {
    const g = geom(n, h, c, 7, 1, s);
    return { name: `depthwise filter grad ${n}x${h}x${h}x${c} s${s}`, inputs: [n * h * h * c, n * g[7] * g[8] * c], out: 49 * c,
      run: (a, [x, dy], dw) => a.depthwiseBackpropFilter(x, dy, dw, g) };
  }),
  ...[[2, 32, 48, 1, 96, 1], [2, 33, 16, 3, 32, 2], [2, 16, 96, 1, 384, 1]].map(([n, h, c, k, co, s]): Reduction => {
    const g = geom(n, h, c, k, co, s);
    return { name: `conv filter grad ${n}x${h}x${h}x${c} k${k} s${s} -> ${co}`, inputs: [n * h * h * c, n * g[7] * g[8] * co], out: k * k * c * co,
      run: (a, [x, dy], dw) => a.conv2dBackpropFilter(x, dy, dw, g) };
  }),
  ...[[3200, 24], [800, 192], [2, 100000], [7, 1024], [100000, 1], [33, 7]].map(([rows, cols]): Reduction => (
    { name: `column sums ${rows}x${cols}`, inputs: [rows * cols], out: cols, run: (a, [x], o) => a.reduceRows(0, x, o) })),
];

test('reductions give the same bits for any thread count, alignment and preceding calls', { skip }, () => {
  const a = addon as NativeAddon;
  const threads = a.info().threads;
  try {
    REDUCTIONS.forEach((r, i) => {
      const ins = r.inputs.map((n, k) => values(n, 100 * i + k + 1));
      const once = (t: number, off: number, dirty: boolean): Buffer => {
        a.setThreads(t);
        if (dirty) pollute(a);
        const out = placed(new Float32Array(r.out).fill(7), off);
        r.run(a, ins.map((v) => placed(v, off)), out);
        return bits(out);
      };
      const want = once(threads, 0, false);
      // 3 threads where the machine has them (clamped to its cores otherwise).
      for (const [t, off, dirty] of [[1, 0, false], [threads, 3, false], [1, 5, true], [threads, 1, true], [3, 2, false]] as const) {
        assert.ok(once(t, off, dirty).equals(want), `${r.name}: ${t} thread(s), offset ${off}${dirty ? ', after other kernels' : ''}`);
      }
    });
  } finally {
    a.setThreads(threads);
  }
});

test('a tiny native run stopped after one epoch and resumed on one thread ends bit-identical', { skip }, async () => {
  // Imported here so that a missing addon skips the test before the backend is selected.
  const { resolveConfig } = await import('../../compiler/resolve.js');
  const { selectBackend } = await import('../../runtime/backend/index.js');
  const { synthDataset } = await import('../../runtime/data/index.js');
  const { train } = await import('../../runtime/engine/train.js');
  const { loadCheckpoint } = await import('../../runtime/engine/checkpoint.js');
  assert.equal(await selectBackend('native', { quiet: true }), 'native');
  const a = addon as NativeAddon;
  const threads = a.info().threads;
  const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-native-resume-'));
  try {
    synthDataset({ out: path.join(dir, 'data'), train: 4, val: 2, classes: 2, size: 64, seed: 3 });
    const file = path.join(dir, 'tiny.py');
    writeTinyConfig(file, path.join(dir, 'data'), `train_cfg = dict(max_epochs=2, val_interval=100)
default_hooks = dict(param_scheduler=dict(max_epochs=2, warmup_mim_iter=2),
                     checkpoint=dict(interval=1, max_keep_ckpts=5, save_best=None))`);
    const resolved = resolveConfig(file);
    assert.ok(resolved.value, resolved.diagnostics.map((d) => d.message).join('\n'));
    const config = resolved.value.data;
    const straight = path.join(dir, 'straight');
    const broken = path.join(dir, 'broken');
    await train({ config, workDir: straight, baseDir: dir, quiet: true });
    await train({ config, workDir: broken, baseDir: dir, quiet: true, maxEpochs: 1 });
    // The resumed part on one thread: the kernels' sums must not follow the thread count.
    a.setThreads(1);
    const rest = await train({ config, workDir: broken, baseDir: dir, quiet: true, resume: true });
    a.setThreads(threads);
    assert.equal(rest.epochs, 2);
    const x = loadCheckpoint(path.join(straight, 'epoch_2.safetensors'));
    const y = loadCheckpoint(path.join(broken, 'epoch_2.safetensors'));
    assert.equal(x.meta.iter, y.meta.iter);
    for (const part of ['model', 'ema', 'optimizer'] as const) {
      assert.ok(x[part].size > 0, part);
      assert.deepEqual([...y[part].keys()].sort(), [...x[part].keys()].sort(), part);
      for (const [k, t] of x[part]) {
        const u = y[part].get(k)!;
        assert.ok(bits(u.data as Float32Array).equals(bits(t.data as Float32Array)), `${part} ${k} differs after resume`);
      }
    }
  } finally {
    a.setThreads(threads);
    rmSync(dir, { recursive: true, force: true });
  }
});
