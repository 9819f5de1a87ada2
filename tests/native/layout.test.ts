import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameOnBoth, countAddonCalls, rand, setUp, tf } from './helpers.js';

test('Concat on every axis, with empty parts, equals the cpu backend', async () => {
  await setUp();
  assertSameOnBoth(() => [
    tf.concat([rand([2, 3, 4, 5], 1), rand([2, 3, 4, 7], 2)], 3),
    tf.concat([rand([2, 3, 4, 5], 1), rand([2, 3, 1, 5], 2), rand([2, 3, 2, 5], 3)], 2),
    tf.concat([rand([2, 3, 4, 5], 1), rand([1, 3, 4, 5], 2)], 0),
    tf.concat([rand([2, 0, 4], 4), rand([2, 3, 4], 5)], 1),
    tf.concat([rand([6], 6), rand([3], 7)], 0),
  ], 'concat');
});

test('SplitV and PadV2 (and the gradients of concat and slice) equal the cpu backend', async () => {
  await setUp();
  assertSameOnBoth(() => [...tf.split(rand([2, 5, 3, 9], 1), [2, 3, 4], 3), ...tf.split(rand([4, 6], 2), 2, 0),
    tf.pad(rand([2, 3, 4, 5], 3), [[0, 0], [1, 2], [0, 3], [2, 0]]), tf.pad(rand([3, 4], 4), [[1, 1], [2, 2]], 1.5)], 'split/pad');
  assertSameOnBoth(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(
    tf.slice(tf.concat([a, b], 3), [0, 1, 0, 2], [2, 2, 3, 6]), rand([2, 2, 3, 6], 9))))([rand([2, 4, 3, 5], 1), rand([2, 4, 3, 4], 2)]), 'grads');
});

test('Tile (and nearest x2 upsampling by reshape + tile) and its gradient equal the cpu backend', async () => {
  await setUp();
  assertSameOnBoth(() => [tf.tile(rand([2, 3, 1, 4, 1, 5], 1), [1, 1, 2, 1, 2, 1]), tf.tile(rand([3, 4], 2), [2, 3]),
    tf.tile(rand([5], 3), [1])], 'tile');
  assertSameOnBoth(() => tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.tile(a, [1, 2, 2, 1]), rand([2, 4, 6, 2], 5))))(rand([2, 2, 3, 2], 4)), 'tile grad');
});

test('concat, split and pad run in the addon', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  const run = (): void => assertSameOnBoth(() => [tf.concat([rand([1, 2, 2, 3], 1), rand([1, 2, 2, 2], 2)], 3),
    ...tf.split(rand([1, 2, 2, 4], 3), 2, 3), tf.pad(rand([2, 2], 4), [[1, 0], [0, 1]])], 'spy');
  assert.equal(countAddonCalls(addon, 'slice', run), 2 + 2 + 1);
});

test('MaxPool and its gradient (SPPF 5x5 s1, 3x3 s2 valid, ties) equal the cpu backend', async (t) => {
  const addon = await setUp();
  const ties = (): tf.Tensor4D => tf.floor(tf.mul(rand([2, 7, 6, 5], 8), 2)) as tf.Tensor4D; // many equal maxima
  assertSameOnBoth(() => [tf.maxPool(rand([2, 9, 8, 19], 1) as tf.Tensor4D, 5, 1, 'same'),
    tf.maxPool(rand([1, 9, 8, 3], 2) as tf.Tensor4D, 3, 2, 'valid'), tf.maxPool(ties(), [3, 2], [2, 1], 'same')], 'maxpool');
  const grads = (): tf.Tensor[] => [
    tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(x as tf.Tensor4D, 5, 1, 'same'), rand([2, 9, 8, 19], 3))))(rand([2, 9, 8, 19], 1)),
    tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(x as tf.Tensor4D, 3, 2, 'valid'), rand([2, 3, 2, 5], 4))))(ties()),
    // ties over 21 channels: the 16-lane block keeps the first maximum too, not the last
    tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(x as tf.Tensor4D, 5, 1, 'same'), rand([2, 7, 6, 21], 5))))(
      tf.floor(tf.mul(rand([2, 7, 6, 21], 9), 2))),
  ];
  assertSameOnBoth(grads, 'maxpool grad');
  if (addon === null) return t.skip('native disabled');
  assert.equal(countAddonCalls(addon, 'maxpoolGrad', () => assertSameOnBoth(grads, 'spy')), 3);
});

test('Transpose (NCHW <-> NHWC in 32x32 blocks, other permutations, size-1 axes, int32) equals the cpu backend, and runs on the addon', async () => {
  const addon = await setUp();
  const run = () => assertSameOnBoth(() => [
    tf.transpose(rand([2, 3, 37, 41], 1), [0, 2, 3, 1]), // NCHW -> NHWC: batched 2-D, blocks with edges
    tf.transpose(rand([2, 33, 35, 70], 2), [0, 3, 1, 2]), // NHWC -> NCHW
    tf.transpose(rand([5, 7], 3), [1, 0]),
    tf.transpose(rand([2, 3, 4, 5, 6], 4), [4, 2, 0, 3, 1]), // a general gather
    tf.transpose(rand([3, 1, 4, 1, 5], 5), [1, 3, 0, 2, 4]), // size-1 axes: a plain copy
    tf.transpose(rand([4, 6, 5], 6), [0, 2, 1]),
    tf.transpose(rand([4, 6, 5], 7), [1, 0, 2]), // last axis kept: contiguous runs
    tf.transpose(tf.cast(tf.mul(rand([3, 5, 7], 8), 1000), 'int32'), [2, 0, 1]),
    tf.transpose(tf.zeros([0, 3, 2]), [2, 0, 1]),
  ], 'transpose', 0);
  assert.equal(countAddonCalls(addon, 'transpose', run), 8); // the empty one needs no call
  const i = tf.transpose(tf.tensor3d([1, 2, 3, 4, 5, 6], [1, 2, 3], 'int32'), [2, 1, 0]);
  assert.equal(i.dtype, 'int32');
  assert.deepEqual(Array.from(i.dataSync()), [1, 4, 2, 5, 3, 6]);
  i.dispose();
});
