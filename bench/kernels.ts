/**
 * Per-kernel time, native vs wasm vs cpu, on the fixture StarNet-YOLOv5's real layer shapes
 * (StarNet base_dim 24 at 640: stages 24/48/96/192 channels at 160/80/40/20; the neck's 3x3
 * convs; the element-wise ops around them). Forward kernels at 1x640; gradients at 2x320.
 *   node --import tsx bench/kernels.ts [--backends native,wasm,cpu] [--iters 3] [--json]
 * The cpu backend runs each kernel once (it is slow); the others take the median of --iters.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../runtime/backend/index.js';

const { values: o } = parseArgs({
  options: {
    backends: { type: 'string', default: 'native,wasm,cpu' }, iters: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
  },
});

type T4 = tf.Tensor4D;
interface Case { name: string; make: () => tf.Tensor[]; run: (t: tf.Tensor[]) => tf.Tensor | tf.Tensor[] }

const conv = (n: number, s: number, c: number, k: number, co: number, st: number): Case => ({
  name: `Conv2D ${n}x${s}x${s}x${c} k${k} s${st} -> ${co}`,
  make: () => [tf.randomNormal([n, s, s, c]), tf.randomNormal([k, k, c, co])],
  run: ([x, w]) => tf.conv2d(x as T4, w as T4, st, k === 1 ? 'valid' : 'same'),
});
const convGrad = (n: number, s: number, c: number, k: number, co: number, st: number): Case => ({
  name: `Conv2D grads ${n}x${s}x${s}x${c} k${k} s${st} -> ${co}`,
  make: () => [tf.randomNormal([n, s, s, c]), tf.randomNormal([k, k, c, co])],
  run: ([x, w]) => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as T4, b as T4, st, k === 1 ? 'valid' : 'same')))([x, w]),
});
const dw = (n: number, s: number, c: number, grad: boolean): Case => ({
  name: `Depthwise7x7${grad ? ' grads' : ''} ${n}x${s}x${s}x${c}`,
  make: () => [tf.randomNormal([n, s, s, c]), tf.randomNormal([7, 7, c, 1])],
  run: ([x, w]) => grad
    ? tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.depthwiseConv2d(a as T4, b as T4, 1, 'same')))([x, w])
    : tf.depthwiseConv2d(x as T4, w as T4, 1, 'same'),
});
const ew = (name: string, shape: number[], fn: (x: tf.Tensor, b: tf.Tensor) => tf.Tensor): Case => ({
  name: `${name} ${shape.join('x')}`,
  make: () => [tf.randomNormal(shape), tf.randomNormal([shape[shape.length - 1]])],
  run: ([x, b]) => fn(x, b),
});

const CASES: Case[] = [
  conv(1, 640, 3, 3, 32, 2), conv(1, 320, 32, 3, 24, 2), conv(1, 160, 24, 1, 96, 1), conv(1, 160, 96, 1, 24, 1),
  conv(1, 80, 48, 1, 192, 1), conv(1, 40, 96, 1, 384, 1), conv(1, 20, 192, 1, 768, 1),
  conv(1, 80, 24, 3, 24, 1), conv(1, 40, 48, 3, 48, 1), conv(1, 80, 48, 3, 48, 2), conv(1, 20, 96, 3, 96, 1),
  dw(1, 160, 24, false), dw(1, 80, 48, false), dw(1, 40, 96, false), dw(1, 20, 192, false),
  convGrad(2, 80, 24, 1, 96, 1), convGrad(2, 40, 48, 1, 192, 1), convGrad(2, 40, 24, 3, 24, 1), convGrad(2, 40, 48, 3, 48, 2),
  dw(2, 80, 24, true), dw(2, 40, 48, true),
  ew('Add bias', [1, 160, 160, 96], (x, b) => tf.add(x, b)),
  ew('SiLU', [1, 80, 80, 48], (x) => tf.mul(x, tf.sigmoid(x))),
  ew('BatchNorm', [1, 80, 80, 48], (x, b) => tf.batchNorm(x, b, tf.add(tf.abs(b), 1), b, b, 1e-3)),
  ew('Moments', [2, 80, 80, 48], (x) => tf.moments(x, [0, 1, 2]).variance),
  { name: 'Head slice 1x80x80x3x85', make: () => [tf.randomNormal([1, 80, 80, 3, 85])],
    run: ([p]) => tf.slice(p, [0, 0, 0, 0, 5], [1, 80, 80, 3, 80]) },
];

function time(c: Case, iters: number): number {
  const inputs = c.make();
  const once = (): number => {
    const t0 = performance.now();
    tf.tidy(() => {
      const r = c.run(inputs);
      for (const t of Array.isArray(r) ? r : [r]) t.dataSync();
    });
    return performance.now() - t0;
  };
  once();
  const ts = Array.from({ length: iters }, once).sort((a, b) => a - b);
  tf.dispose(inputs);
  return ts[Math.floor(ts.length / 2)];
}

const backends = o.backends.split(',');
const loaded: string[] = [];
for (const b of backends) if ((await selectBackend(b, { quiet: true })) === b) loaded.push(b);
const rows: Array<Record<string, number | string>> = [];
for (const c of CASES) {
  const row: Record<string, number | string> = { kernel: c.name };
  for (const b of loaded) {
    await tf.setBackend(b);
    row[b] = Number(time(c, b === 'cpu' ? 1 : Number(o.iters)).toFixed(2));
  }
  rows.push(row);
  if (!o.json) console.log([c.name.padEnd(44), ...loaded.map((b) => `${b} ${String(row[b]).padStart(9)} ms`)].join('  '));
}
if (o.json) console.log(JSON.stringify(rows));
