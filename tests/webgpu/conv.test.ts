/**
 * Our WGSL convolution kernels (runtime/backend/webgpu/conv*.ts) against the cpu backend on
 * awkward shapes: odd sizes, stride 1 and 2, 'same'/'valid'/explicit/numeric pads, channels not a
 * multiple of 4, batch > 1, 1x1 to 7x7 kernels, split-K and folded grids. Gradients come from
 * tf.grad through conv2d / depthwiseConv2d, so the backprop kernels run with the attributes
 * tfjs's own gradients give them. Each case also checks that OUR kernel ran (not tfjs's).
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { randomData, maxRelDiff, runOn, useWebgpu } from '../helpers/webgpu.js';
import { WEBGPU_CONV_KERNELS, webgpuConvCalls } from '../../runtime/backend/webgpu/conv.js';
import { chooseSplits } from '../../runtime/backend/webgpu/conv_backprop.js';
import { GRID_FOLD } from '../../runtime/backend/webgpu/conv_program.js';
import { chooseTile, TILE_RULE } from '../../runtime/backend/webgpu/conv_gemm.js';

type Shape4 = [number, number, number, number];
type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
const TOL = 1e-4;

let gpu = false;
before(async () => { gpu = await useWebgpu(); });

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** d(sum(conv(x, w) * r))/dx and /dw on webgpu and cpu; asserts they agree and ours ran. */
async function checkGrads(label: string, conv: (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D, xs: Shape4, ws: Shape4,
  kernels: string[]): Promise<void> {
  const xd = randomData(size(xs), 1), wd = randomData(size(ws), 2);
  const f = () => {
    const x = tf.tensor4d(xd, xs), w = tf.tensor4d(wd, ws);
    const y = conv(x, w);
    const r = tf.tensor(randomData(y.size, 3), y.shape);
    const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), r)))([x, w]);
    return [y, gx!, gw!];
  };
  const before = kernels.map(webgpuConvCalls);
  const got = await runOn('webgpu', f);
  const want = await runOn('cpu', f);
  kernels.forEach((k, i) => assert.ok(webgpuConvCalls(k) > before[i]!, `${label}: our ${k} did not run`));
  ['y', 'dx', 'dw'].forEach((n, i) => {
    const d = maxRelDiff(got[i]!, want[i]!);
    assert.ok(d < TOL, `${label} ${n}: max rel diff ${d}`);
  });
}

const CONV_BP = ['Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput'];
const DW_BP = ['DepthwiseConv2dNative', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput'];

it('our kernels are the ones registered for webgpu', async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  assert.equal(WEBGPU_CONV_KERNELS.size, 8);
  for (const [name, fn] of WEBGPU_CONV_KERNELS) assert.equal(tf.getKernel(name, 'webgpu')?.kernelFunc, fn, name);
});

it('split-K rule: small M x N with a long K splits, a large output does not', () => {
  assert.equal(chooseSplits(27, 16, 20 * 31) > 1, true);
  assert.equal(chooseSplits(3 * 3 * 512, 512, 16 * 20 * 20), 1);
  assert.equal(chooseSplits(9, 4, 100), 1);
  assert.equal(chooseSplits(9, 4, 0), 1);
});

const convCases: [string, Shape4, Shape4, number | [number, number], Pad, ('floor' | 'round' | 'ceil')?][] = [
  ['3x3 s1 same', [2, 7, 9, 5], [3, 3, 5, 6], 1, 'same'],
  ['3x3 s2 same', [2, 9, 7, 13], [3, 3, 13, 5], 2, 'same'],
  ['3x3 s(2,1) explicit', [1, 8, 9, 3], [3, 3, 3, 5], [2, 1], [[0, 0], [1, 2], [0, 1], [0, 0]]],
  ['1x1 s1', [3, 5, 7, 13], [1, 1, 13, 3], 1, 'valid'],
  ['1x1 s2', [2, 7, 9, 5], [1, 1, 5, 7], 2, 'same'],
  ['7x7 s2 pad 3', [1, 9, 11, 3], [7, 7, 3, 5], 2, 3],
  ['6x6 s2 pad 2 (YOLOv5 stem)', [2, 12, 13, 3], [6, 6, 3, 8], 2, 2],
  ['3x3 s2 pad 1 ceil', [1, 8, 7, 5], [3, 3, 5, 4], 2, 1, 'ceil'],
  ['split-K: 3x3 s1 on 1x20x31', [1, 20, 31, 3], [3, 3, 3, 16], 1, 'same'],
  ['vec4 loads: 3x3 s2 same, 8 -> 12 channels', [2, 7, 9, 8], [3, 3, 8, 12], 2, 'same'],
  ['vec4 loads: 1x1, 16 -> 8 channels', [1, 6, 5, 16], [1, 1, 16, 8], 1, 'valid'],
  ['64x64 tiles: 117 x 70', [1, 6, 7, 13], [3, 3, 13, 70], 1, 'same'],
];
for (const [label, xs, ws, s, pad, rounding] of convCases) {
  it(`conv2d grads: ${label}`, { timeout: 60_000 }, async (t) => {
    if (!gpu) return t.skip('no WebGPU adapter');
    await checkGrads(label, (x, w) => tf.conv2d(x, w, s, pad, 'NHWC', 1, rounding), xs, ws, CONV_BP);
  });
}

it('conv2dTranspose (Conv2DBackpropInput called directly), stride 2', async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const xd = randomData(2 * 4 * 5 * 6, 4), wd = randomData(3 * 3 * 5 * 6, 5);
  const f = () => tf.conv2dTranspose(tf.tensor4d(xd, [2, 4, 5, 6]), tf.tensor4d(wd, [3, 3, 5, 6]), [2, 8, 9, 5], 2, 'same');
  const n = webgpuConvCalls('Conv2DBackpropInput');
  const [got] = await runOn('webgpu', f);
  const [want] = await runOn('cpu', f);
  assert.ok(webgpuConvCalls('Conv2DBackpropInput') > n);
  assert.ok(maxRelDiff(got!, want!) < TOL);
});

const dwCases: [string, Shape4, Shape4, number | [number, number], Pad][] = [
  ['7x7 s1 same (StarNet)', [2, 9, 7, 13], [7, 7, 13, 1], 1, 'same'],
  ['7x7 s1 explicit pad 3', [1, 8, 10, 8], [7, 7, 8, 1], 1, [[0, 0], [3, 3], [3, 3], [0, 0]]],
  ['3x3 s2 same', [2, 9, 7, 5], [3, 3, 5, 1], 2, 'same'],
  ['3x3 s2 valid', [2, 9, 8, 3], [3, 3, 3, 1], 2, 'valid'],
  ['3x3 s1 explicit', [1, 6, 7, 5], [3, 3, 5, 1], 1, [[0, 0], [1, 0], [2, 1], [0, 0]]],
  ['split pixels: 3x3 s1 on 1x66x64x20', [1, 66, 64, 20], [3, 3, 20, 1], 1, 'same'],
  ['two channel groups: 70 channels', [1, 5, 6, 70], [3, 3, 70, 1], 1, 'same'],
  ['5x5 s1 pad 2 (CSPNeXtBlock)', [2, 9, 11, 20], [5, 5, 20, 1], 1, [[0, 0], [2, 2], [2, 2], [0, 0]]],
  ['5x5 s2 pad 2', [1, 13, 10, 18], [5, 5, 18, 1], 2, [[0, 0], [2, 2], [2, 2], [0, 0]]],
];
for (const [label, xs, ws, s, pad] of dwCases) {
  it(`depthwiseConv2d grads: ${label}`, { timeout: 60_000 }, async (t) => {
    if (!gpu) return t.skip('no WebGPU adapter');
    await checkGrads(label, (x, w) => tf.depthwiseConv2d(x, w, s, pad), xs, ws, DW_BP);
  });
}

it('fused conv2d forward: bias + relu6 / sigmoid / leakyrelu / silu epilogues, 3x3 and 1x1', { timeout: 60_000 }, async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const xs: Shape4 = [2, 7, 9, 8];
  const xd = randomData(size(xs), 11), bd = randomData(12, 12);
  const cases: [number, number, string][] = [[3, 1, 'relu6'], [1, 1, 'sigmoid'], [3, 2, 'leakyrelu'], [1, 1, 'silu'], [3, 1, 'silu']];
  for (const [k, s, activation] of cases) {
    const wd = randomData(k * k * 8 * 12, 20 + k);
    const args = () => ({ x: tf.tensor4d(xd, xs), filter: tf.tensor4d(wd, [k, k, 8, 12]), strides: s, pad: 'same' as const, bias: tf.tensor1d(bd) });
    const f = () => activation === 'silu'
      ? tf.engine().runKernel('FusedConv2D', args() as unknown as tf.NamedTensorMap,
        { strides: s, pad: 'same', dataFormat: 'NHWC', dilations: 1, activation: 'silu', leakyreluAlpha: 0 }) as tf.Tensor
      : tf.fused.conv2d({ ...args(), activation: activation as 'relu6', leakyreluAlpha: 0.1 });
    const ref = () => {
      const y = tf.fused.conv2d({ ...args(), activation: activation === 'silu' ? 'linear' : activation as 'relu6', leakyreluAlpha: 0.1 });
      return activation === 'silu' ? tf.mul(y, tf.sigmoid(y)) : y;
    };
    const n = webgpuConvCalls('FusedConv2D');
    const [got] = await runOn('webgpu', f);
    const [want] = await runOn('cpu', ref);
    assert.ok(webgpuConvCalls('FusedConv2D') > n, activation);
    const d = maxRelDiff(got!, want!);
    assert.ok(d < TOL, `${k}x${k} s${s} ${activation}: ${d}`);
  }
});

it('fused depthwise forward: bias + relu6 / sigmoid, 7x7 s1 and 3x3 s2; leakyrelu goes to tfjs', { timeout: 60_000 }, async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const xs: Shape4 = [2, 11, 9, 13];
  const xd = randomData(size(xs), 8), bd = randomData(13, 9);
  const cases: [number, number, 'relu6' | 'sigmoid' | 'linear' | 'leakyrelu'][] = [[7, 1, 'relu6'], [3, 2, 'sigmoid'], [3, 1, 'leakyrelu']];
  for (const [k, s, activation] of cases) {
    const wd = randomData(k * k * 13, 10 + k);
    const f = () => tf.fused.depthwiseConv2d({ x: tf.tensor4d(xd, xs), filter: tf.tensor4d(wd, [k, k, 13, 1]), strides: s, pad: 'same',
      bias: tf.tensor1d(bd), activation, leakyreluAlpha: 0.1 });
    const n = webgpuConvCalls('FusedDepthwiseConv2D');
    const [got] = await runOn('webgpu', f);
    const [want] = await runOn('cpu', f);
    assert.equal(webgpuConvCalls('FusedDepthwiseConv2D') > n, activation !== 'leakyrelu', activation);
    const d = maxRelDiff(got!, want!);
    assert.ok(d < TOL, `${k}x${k} s${s} ${activation}: ${d}`);
  }
});

it('fused depthwise 5x5 with a SiLU epilogue (eval-mode CSPNeXt ConvModule), stride 1 and 2, pad 2', { timeout: 60_000 }, async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const xs: Shape4 = [2, 10, 9, 24];
  const xd = randomData(size(xs), 30), bd = randomData(24, 31), wd = randomData(5 * 5 * 24, 32);
  for (const s of [1, 2]) {
    const args = () => ({ x: tf.tensor4d(xd, xs), filter: tf.tensor4d(wd, [5, 5, 24, 1]), bias: tf.tensor1d(bd) });
    const f = () => tf.engine().runKernel('FusedDepthwiseConv2D', args() as unknown as tf.NamedTensorMap,
      { strides: s, pad: 2, dataFormat: 'NHWC', dilations: 1, activation: 'silu', leakyreluAlpha: 0 }) as tf.Tensor;
    const ref = () => {
      const y = tf.fused.depthwiseConv2d({ ...args(), strides: s, pad: 2 });
      return tf.mul(y, tf.sigmoid(y));
    };
    const n = webgpuConvCalls('FusedDepthwiseConv2D');
    const [got] = await runOn('webgpu', f);
    const [want] = await runOn('cpu', ref);
    assert.ok(webgpuConvCalls('FusedDepthwiseConv2D') > n, `s${s}: ours ran`);
    const d = maxRelDiff(got!, want!);
    assert.ok(d < TOL, `5x5 s${s} silu: ${d}`);
  }
});

it('tile rule: 64 wide for long sides, 16 for a 3-channel side; 32 wide when 64 leaves too few workgroups', () => {
  assert.deepEqual(chooseTile(5000, 3), { wx: 4, wy: 16, tm: 64, tn: 16 });
  assert.deepEqual(chooseTile(400, 512), { wx: 16, wy: 16, tm: 64, tn: 64 });
  assert.deepEqual(chooseTile(400, 512, true), { wx: 8, wy: 8, tm: 32, tn: 32 });
  assert.deepEqual(chooseTile(16 * 6400, 128, true), { wx: 16, wy: 16, tm: 64, tn: 64 });
});

it('grids folded into x * y (as past 65535 workgroups), 64-wide forward/dx tiles: conv, split-K and depthwise grads', { timeout: 60_000 }, async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const saved = [GRID_FOLD.x, TILE_RULE.minGroups] as const;
  GRID_FOLD.x = 3;
  TILE_RULE.minGroups = 0;
  try {
    // 8 to 10 tiles or groups each (3 x 3 or 3 x 4, with idle excess workgroups).
    await checkGrads('folded conv', (x, w) => tf.conv2d(x, w, 1, 'same'), [2, 17, 15, 13], [3, 3, 13, 5], CONV_BP);
    await checkGrads('folded split-K reduce', (x, w) => tf.conv2d(x, w, 1, 'same'), [1, 20, 31, 3], [3, 3, 3, 40], CONV_BP);
    await checkGrads('folded depthwise', (x, w) => tf.depthwiseConv2d(x, w, 1, 'same'), [2, 17, 15, 5], [3, 3, 5, 1], DW_BP);
  } finally {
    [GRID_FOLD.x, TILE_RULE.minGroups] = saved;
  }
});

it('depth multiplier 2 goes to tfjs\'s kernels and stays correct', { timeout: 60_000 }, async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const xd = randomData(2 * 9 * 8 * 3, 6);
  const w1 = randomData(3 * 3 * 3 * 2, 7);
  const f = () => {
    const x = tf.tensor4d(xd, [2, 9, 8, 3]), w = tf.tensor4d(w1, [3, 3, 3, 2]);
    const gd = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')))([x, w]);
    return gd;
  };
  const n = webgpuConvCalls('DepthwiseConv2dNativeBackpropFilter');
  const got = await runOn('webgpu', f);
  const want = await runOn('cpu', f);
  assert.equal(webgpuConvCalls('DepthwiseConv2dNativeBackpropFilter'), n);
  got.forEach((g, i) => assert.ok(maxRelDiff(g, want[i]!) < TOL, `output ${i}`));
});
