import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameOnBoth, rand, runOn, setUp, tf } from './helpers.js';

// A StarNet-like block: stem conv s2, 7x7 depthwise, SiLU, star (mul) of two 1x1 branches,
// 1x1 projection, a 3x3 s2 'valid' conv; gradients w.r.t. the input and every weight.
function net(x: tf.Tensor, ws: tf.Tensor[]): tf.Scalar {
  const [stem, dw, f1, f2, proj, down] = ws as tf.Tensor4D[];
  let y = tf.conv2d(x as tf.Tensor4D, stem, 2, 'same');
  y = tf.depthwiseConv2d(y, dw, 1, 'same');
  y = tf.mul(y, tf.sigmoid(y));
  const star = tf.mul(tf.relu6(tf.conv2d(y, f1, 1, 'valid')), tf.conv2d(y, f2, 1, 'valid'));
  const z = tf.add(y, tf.conv2d(star as tf.Tensor4D, proj, 1, 'valid'));
  const out = tf.conv2d(z as tf.Tensor4D, down, 2, 'valid');
  return tf.sum(tf.mul(out, rand(out.shape, 99)));
}

const weights = (): tf.Tensor[] => [
  rand([3, 3, 3, 12], 1), rand([7, 7, 12, 1], 2), rand([1, 1, 12, 36], 3), rand([1, 1, 12, 36], 4),
  rand([1, 1, 36, 12], 5), rand([3, 3, 12, 20], 6),
];
const gradAll = (): tf.Tensor[] => tf.grads((x: tf.Tensor, ...ws: tf.Tensor[]) => net(x, ws))(
  [tf.mul(rand([2, 33, 30, 3], 7), 2), ...weights()]);

test('gradients of a small StarNet-like net are the same on native and cpu', async () => {
  await setUp();
  assertSameOnBoth(gradAll, 'net grads', 2e-4);
});

test('portable (non-AVX2) kernels and one thread give the same gradients', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  const threads = addon.info().threads;
  addon.setSimd('generic');
  addon.setThreads(1);
  try {
    assert.equal(addon.info().simd, 'generic');
    assertSameOnBoth(gradAll, 'net grads, generic, 1 thread', 2e-4);
  } finally {
    addon.setSimd('auto');
    addon.setThreads(threads);
  }
});

test('GEMM blocking edges: K over one panel, rows over several tasks', async () => {
  await setUp();
  assertSameOnBoth(() => tf.conv2d(rand([1, 40, 37, 16], 1) as tf.Tensor4D, rand([3, 3, 16, 40], 2) as tf.Tensor4D, 1, 'same'), 'M=1480');
  assertSameOnBoth(() => tf.conv2d(rand([1, 9, 9, 70], 3) as tf.Tensor4D, rand([3, 3, 70, 33], 4) as tf.Tensor4D, 1, 'same'), 'K=630');
});

test('no tensor leak over repeated training steps on native', async () => {
  await setUp();
  await tf.setBackend('native');
  const ws = weights().map((w) => tf.variable(w));
  const x = rand([1, 17, 16, 3], 3);
  const stepOnce = (): void => tf.tidy(() => {
    const { grads } = tf.variableGrads(() => net(x, ws), ws);
    for (const v of ws) v.assign(tf.sub(v, tf.mul(grads[v.name], 1e-3)));
  });
  stepOnce();
  const before = tf.memory();
  for (let i = 0; i < 5; i++) stepOnce();
  const after = tf.memory();
  assert.equal(after.numTensors, before.numTensors);
  assert.equal(after.numBytes, before.numBytes);
  tf.dispose([x, ...ws]);
});

test('gradients are bitwise identical from call to call (fixed reduction order per thread count)', async () => {
  await setUp();
  const [a, b, c] = [1, 2, 3].map(() => runOn('native', gradAll));
  for (let k = 0; k < a.length; k++) {
    assert.deepEqual(Buffer.from(b[k].buffer), Buffer.from(a[k].buffer), `output ${k}`);
    assert.deepEqual(Buffer.from(c[k].buffer), Buffer.from(a[k].buffer), `output ${k}`);
  }
});
