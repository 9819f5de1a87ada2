import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameOnBoth, countAddonCalls, rand, runOn, setUp, tf } from './helpers.js';

type Pad = 'same' | 'valid' | number;
interface Case { n: number; h: number; w: number; c: number; k: number; mult: number; s: number; pad: Pad; d?: number }

// StarNet's 7x7 'same' depthwise, plus odd sizes, stride 2 'valid', channel multipliers,
// channel counts below and above the 32-wide register block.
const CASES: Case[] = [
  { n: 2, h: 9, w: 11, c: 40, k: 7, mult: 1, s: 1, pad: 'same' },
  { n: 1, h: 8, w: 8, c: 5, k: 3, mult: 1, s: 2, pad: 'valid' },
  { n: 3, h: 7, w: 6, c: 33, k: 3, mult: 1, s: 2, pad: 'same' },
  { n: 1, h: 6, w: 7, c: 3, k: 3, mult: 2, s: 1, pad: 'same' },
  { n: 2, h: 10, w: 9, c: 7, k: 5, mult: 3, s: 2, pad: 1 },
  { n: 1, h: 9, w: 9, c: 64, k: 3, mult: 1, s: 1, pad: 'same', d: 2 },
  // CSPNeXtBlock's 5x5 depthwise (padding 2), and the same at stride 2.
  { n: 2, h: 12, w: 11, c: 20, k: 5, mult: 1, s: 1, pad: 2 },
  { n: 1, h: 13, w: 12, c: 36, k: 5, mult: 1, s: 2, pad: 2 },
];

const label = (c: Case): string => `${c.n}x${c.h}x${c.w}x${c.c} k${c.k} m${c.mult} s${c.s} pad ${c.pad} d${c.d ?? 1}`;
const x4 = (c: Case, seed: number): tf.Tensor4D => rand([c.n, c.h, c.w, c.c], seed) as tf.Tensor4D;
const f4 = (c: Case, seed: number): tf.Tensor4D => rand([c.k, c.k, c.c, c.mult], seed) as tf.Tensor4D;

test('DepthwiseConv2dNative forward equals the cpu backend', async () => {
  await setUp();
  CASES.forEach((c, i) => {
    assertSameOnBoth(() => tf.depthwiseConv2d(x4(c, i), f4(c, 9 + i), c.s, c.pad, 'NHWC', c.d ?? 1), label(c));
  });
});

test('FusedDepthwiseConv2D with bias and activations equals the cpu backend', async () => {
  await setUp();
  (['linear', 'relu', 'relu6', 'sigmoid'] as const).forEach((activation, i) => {
    const c = CASES[i];
    assertSameOnBoth(() => tf.fused.depthwiseConv2d({
      x: x4(c, i), filter: f4(c, 3 + i), strides: c.s, pad: c.pad, bias: rand([c.c * c.mult], 70 + i), activation,
    }), `${activation} ${label(c)}`);
  });
});

test('FusedDepthwiseConv2D with SiLU (the eval-mode depthwise ConvModule of CSPNeXt) equals bias + x * sigmoid(x) on cpu', async (t) => {
  if ((await setUp()) === null) return t.skip('native disabled');
  for (const c of CASES.filter((x) => x.k === 5 && x.pad === 2)) {
    const args = () => ({ x: x4(c, 50), filter: f4(c, 51), bias: rand([c.c], 52) });
    const got = runOn('native', () => tf.engine().runKernel('FusedDepthwiseConv2D', args() as unknown as tf.NamedTensorMap,
      { strides: c.s, pad: c.pad, dataFormat: 'NHWC', dilations: 1, activation: 'silu', leakyreluAlpha: 0 }) as tf.Tensor);
    const want = runOn('cpu', () => {
      const y = tf.fused.depthwiseConv2d({ ...args(), strides: c.s, pad: c.pad });
      return tf.mul(y, tf.sigmoid(y));
    });
    let max = 0;
    for (let i = 0; i < want[0]!.length; i++) max = Math.max(max, Math.abs(got[0]![i]! - want[0]![i]!));
    assert.ok(max < 1e-5, `${label(c)} silu: ${max}`);
  }
});

test('depthwise gradients (input and filter) equal the cpu backend', async () => {
  await setUp();
  CASES.forEach((c, i) => {
    if ((c.d ?? 1) > 1) return; // tfjs's depthwise gradient requires dilation 1 with stride > 1 anyway
    assertSameOnBoth(() => {
      const x = x4(c, i), w = f4(c, 20 + i);
      const r = rand(tf.depthwiseConv2d(x, w, c.s, c.pad).shape, 40 + i);
      return tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad), r)))([x, w]);
    }, `grad ${label(c)}`);
  });
});

test('the depthwise kernels run in the addon', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  const run = (): void => {
    assertSameOnBoth(() => tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')))(
      [rand([1, 5, 5, 8], 1), rand([7, 7, 8, 1], 2)]), 'spy');
  };
  const names = ['depthwise', 'depthwiseBackpropInput', 'depthwiseBackpropFilter'] as const;
  assert.deepEqual(names.map((n) => countAddonCalls(addon, n, run)), [1, 1, 1]);
});
