/** GatherV2 on native (typed-array loops) against the cpu kernel: every axis, batch dims,
 * int32 values, repeated and empty index lists, and the bounds check. */
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
