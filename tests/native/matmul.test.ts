import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameOnBoth, countAddonCalls, rand, setUp, tf } from './helpers.js';

test('matMul with transposes, batches and broadcast equals the cpu backend', async () => {
  await setUp();
  const cases: Array<[number[], number[], boolean, boolean]> = [
    [[7, 13], [13, 5], false, false],
    [[13, 7], [13, 21], true, false],
    [[7, 13], [21, 13], false, true],
    [[13, 7], [21, 13], true, true],
    [[3, 6, 9], [3, 9, 17], false, false],
    [[2, 3, 6, 9], [9, 4], false, false],
    [[5, 9], [4, 5, 9], false, true],
    [[1, 300], [300, 33], false, false],
  ];
  cases.forEach(([sa, sb, ta, tb], i) => {
    assertSameOnBoth(() => tf.matMul(rand(sa, i), rand(sb, 30 + i), ta, tb), `${sa} x ${sb} ${ta} ${tb}`);
  });
});

test('fused matMul (bias, relu, sigmoid) and its gradient equal the cpu backend', async () => {
  await setUp();
  assertSameOnBoth(() => tf.fused.matMul({ a: rand([6, 10], 1), b: rand([10, 7], 2), bias: rand([7], 3), activation: 'relu' }), 'relu');
  assertSameOnBoth(() => tf.fused.matMul({ a: rand([10, 6], 1), b: rand([7, 10], 2), transposeA: true, transposeB: true,
    bias: rand([7], 3), activation: 'sigmoid' }), 'sigmoid');
  assertSameOnBoth(() => tf.grads((a: tf.Tensor, b: tf.Tensor) =>
    tf.sum(tf.mul(tf.matMul(a, b), rand([2, 5, 3], 9))))([rand([2, 5, 4], 1), rand([2, 4, 3], 2)]), 'grad');
});

test('matMul runs in the addon', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  const n = countAddonCalls(addon, 'matmul', () => assertSameOnBoth(() => tf.matMul(rand([3, 4], 1), rand([4, 2], 2)), 'spy'));
  assert.equal(n, 1);
});
