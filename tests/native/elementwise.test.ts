import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameOnBoth, countAddonCalls, rand, runOn, setUp, tf } from './helpers.js';

const SHAPE_PAIRS: Array<[number[], number[]]> = [
  [[2, 3, 4, 5], [2, 3, 4, 5]], [[2, 3, 4, 5], [5]], [[2, 3, 4, 5], [2, 1, 1, 5]], [[5], [2, 3, 4, 5]],
  [[3, 1], [1, 4]], [[2, 3, 4, 5], [4, 1]], [[2, 3, 4, 5], []], [[], [7]], [[1, 1, 3], [2, 1, 1]],
  [[2, 1, 6, 1, 3], [1, 4, 1, 5, 3]],
];

test('broadcasting binary ops equal the cpu backend', async () => {
  await setUp();
  const ops: Array<[string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor]> = [
    ['add', tf.add], ['sub', tf.sub], ['mul', tf.mul], ['div', tf.div],
    ['squaredDifference', tf.squaredDifference], ['maximum', tf.maximum], ['minimum', tf.minimum],
  ];
  SHAPE_PAIRS.forEach(([sa, sb], i) => {
    for (const [name, op] of ops) {
      assertSameOnBoth(() => op(rand(sa, i + 1), tf.add(rand(sb, i + 50), 1.5)), `${name} ${JSON.stringify(sa)} ${JSON.stringify(sb)}`);
    }
  });
});

test('int32 binary ops still work (cpu fallback)', async () => {
  await setUp();
  const [got] = runOn('native', () => tf.add(tf.tensor1d([1, 2, 3], 'int32'), tf.scalar(4, 'int32')));
  assert.deepEqual(Array.from(got), [5, 6, 7]);
});

test('unary activations equal the cpu backend, NaN included', async () => {
  await setUp();
  const special = [NaN, 0, 6, -0, 6.5, -3, 1e30, -1e30, 3];
  const x = (): tf.Tensor => tf.concat([tf.mul(rand([3, 5, 7, 9], 3), 10),
    tf.tensor4d(Float32Array.from({ length: 5 * 7 * 9 }, (_, i) => special[i % special.length]), [1, 5, 7, 9])], 0);
  const ops: Array<[string, (t: tf.Tensor) => tf.Tensor]> = [
    ['sigmoid', tf.sigmoid], ['relu', tf.relu], ['relu6', tf.relu6], ['neg', tf.neg], ['square', tf.square],
    ['exp', (t) => tf.exp(tf.mul(t, 0.1))], ['sqrt', (t) => tf.sqrt(tf.abs(t))], ['rsqrt', (t) => tf.rsqrt(tf.add(tf.abs(t), 1))],
    ['softplus', (t) => tf.softplus(tf.mul(t, 3))],
  ];
  for (const [name, op] of ops) assertSameOnBoth(() => op(x()), name);
});

test('Softmax over the last axis (the DFL over 16 bins) and its gradient equal the cpu backend; Softplus too', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  assert.equal(countAddonCalls(addon, 'softmax', () => assertSameOnBoth(() => tf.softmax(rand([4, 16], 3)), 'spy')), 1, 'the addon ran it');
  assert.equal(countAddonCalls(addon, 'unary', () => assertSameOnBoth(() => tf.softplus(rand([4, 16], 3)), 'spy')), 1, 'softplus in the addon');
  assertSameOnBoth(() => [tf.softmax(tf.mul(rand([2, 5, 7, 4, 16], 4), 6)), tf.softmax(tf.mul(rand([3, 33], 5), 40))], 'softmax');
  assertSameOnBoth(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.softmax(t), rand([6, 16], 7))))(rand([6, 16], 6)), 'softmax gradient');
});

test('Slice (the head 5-D slices, partial dims, scalars) equals the cpu backend', async () => {
  await setUp();
  assertSameOnBoth(() => {
    const p = rand([2, 5, 6, 3, 85], 1);
    return [tf.slice(p, [0, 0, 0, 0, 0], [2, 5, 6, 3, 4]), tf.slice(p, [0, 0, 0, 0, 4], [2, 5, 6, 3, 1]),
      tf.slice(p, [0, 0, 0, 0, 5], [-1, -1, -1, -1, 80]), tf.slice(p, [1, 2, 1, 0, 0], [1, 2, 3, 3, 85]),
      tf.slice(rand([7], 2), 2, 3), tf.slice(rand([4, 6], 3), [1, 0], [2, 6])];
  }, 'slices');
});

test('FusedBatchNorm and leading-axis Sum/Mean equal the cpu backend', async () => {
  await setUp();
  assertSameOnBoth(() => tf.batchNorm(rand([2, 5, 6, 7], 1), rand([7], 2), tf.add(rand([7], 3), 2), rand([7], 4), rand([7], 5), 1e-3), 'bn');
  assertSameOnBoth(() => tf.batchNorm(rand([2, 5, 6, 7], 1), rand([7], 2), tf.add(rand([7], 3), 2)), 'bn no affine');
  assertSameOnBoth(() => {
    const x = rand([3, 9, 8, 13], 6);
    return [tf.sum(x, [0, 1, 2]), tf.mean(x, [0, 1, 2], true), tf.sum(x, 0), tf.mean(x, [2, 0, 1]),
      tf.sum(x), tf.mean(x, -1), tf.moments(x, [0, 1, 2]).variance, tf.sum(x, [2, 3], true), tf.mean(x, [1, 2, 3]),
      tf.sum(rand([40, 50, 3], 7)), tf.mean(rand([5000], 8)), tf.sum(x, [1, 2])];
  }, 'reductions');
});

test('Sum/Mean over contiguous middle axes (a global average pool of NHWC) run in the addon and equal the cpu backend', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  const run = (): void => assertSameOnBoth(() => {
    const x = rand([3, 9, 8, 13], 9);
    return [tf.mean(x, [1, 2], true), tf.sum(x, [1, 2]), tf.sum(rand([2, 5, 6, 7, 3], 10), [1, 2, 3]), tf.mean(x, [1])];
  }, 'middle axes');
  assert.equal(countAddonCalls(addon, 'reduceRows', run), 3 + 3 + 2 + 3);
});

test('the element-wise kernels run in the addon (bias add, SiLU, BN, head slice)', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  const run = (): void => assertSameOnBoth(() => {
    const y = tf.add(rand([1, 4, 4, 6], 1), rand([6], 2));
    return tf.slice(tf.batchNorm(tf.mul(y, tf.sigmoid(y)), rand([6], 3), tf.add(rand([6], 4), 2)), [0, 0, 0, 1], [1, 4, 4, 2]);
  }, 'spy');
  assert.deepEqual((['binary', 'unary', 'affine', 'slice'] as const).map((n) => countAddonCalls(addon, n, run)), [3, 1, 1, 1]);
});

test('comparisons, Step, and ops on float32 tensors cast from bool equal the cpu backend', async () => {
  await setUp();
  const x = (): tf.Tensor => tf.concat([tf.mul(rand([2, 3, 4, 5], 1), 8), tf.tile(tf.tensor4d([NaN, 6, 0, -1, 7], [1, 1, 1, 5]), [1, 3, 4, 1])], 0);
  assertSameOnBoth(() => [tf.less(x(), 0), tf.lessEqual(x(), 6), tf.greater(x(), rand([5], 2)), tf.greaterEqual(x(), 0),
    tf.equal(x(), 6), tf.step(x(), 0.3), tf.mul(tf.cast(tf.lessEqual(x(), 6), 'float32'), x())].map((t) => tf.cast(t, 'float32')), 'compare');
  assertSameOnBoth(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.relu6(t), rand([3, 3, 4, 5], 4))))(x()), 'relu6 grad');
});
