/** GatherV2 and ScatterNd on native (typed-array loops) against the cpu kernels: every axis,
 * batch dims, int32 values, repeated and empty index lists, duplicates, and the bounds checks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameOnBoth, rand, setUp, tf } from './helpers.js';

test('GatherV2 equals the cpu kernel', async () => {
  await setUp();
  const idx = (vals: number[], shape?: number[]) => tf.tensor(vals, shape ?? [vals.length], 'int32');
  assertSameOnBoth(() => tf.gather(rand([7], 1), idx([6, 0, 0, 3])), 'flat');
  assertSameOnBoth(() => tf.gather(rand([4, 5, 6], 2), idx([3, 1, 3]), 0), 'axis 0');
  assertSameOnBoth(() => tf.gather(rand([4, 5, 6], 3), idx([4, 0], [1, 2]), 1), 'axis 1, 2-D indices');
  assertSameOnBoth(() => tf.gather(rand([4, 5, 6], 4), idx([5, 5, 1]), 2), 'last axis');
  assertSameOnBoth(() => tf.gather(rand([3, 5, 2], 5), idx([1, 4, 0, 0, 2, 3], [3, 2]), 1, 1), 'batchDims 1');
  assertSameOnBoth(() => tf.cast(tf.gather(tf.tensor([[1, 2], [3, 4], [5, 6]], [3, 2], 'int32'), idx([2, 0])), 'float32'), 'int32 values');
  assertSameOnBoth(() => tf.gather(rand([4, 3], 6), idx([])), 'no indices');
});

test('GatherV2 on native refuses an index out of range, as the cpu kernel does', async () => {
  await setUp();
  await tf.setBackend('native');
  assert.throws(() => tf.gather(rand([4], 1), tf.tensor([4], [1], 'int32')).dataSync(), /index value 4 is not in \[0, 3\]/);
});

test('ScatterNd equals the cpu kernel (duplicates summed in order, slices, 2-D indices)', async () => {
  await setUp();
  const idx = (vals: number[], shape: number[]) => tf.tensor(vals, shape, 'int32');
  assertSameOnBoth(() => tf.scatterND(idx([3, 0, 3, 7], [4, 1]), rand([4], 1), [8]), 'flat with a duplicate');
  assertSameOnBoth(() => tf.scatterND(idx([1, 2, 0, 0, 1, 2], [3, 2]), rand([3, 5], 2), [2, 3, 5]), 'slices of 5, duplicate');
  assertSameOnBoth(() => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.gather(x, idx([4, 1, 4], [3])), rand([3, 6], 3))))(rand([5, 6], 4)), 'gather gradient');
  await tf.setBackend('native');
  assert.throws(() => tf.scatterND(idx([9], [1, 1]), rand([1], 1), [8]).dataSync(), /Invalid indices: 9 does not index into 8/);
});
