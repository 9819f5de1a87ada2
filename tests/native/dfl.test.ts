/** YOLOv8's DFL integral (softmax over reg_max bins, then the expectation) and its gradient on native equal the cpu backend. */
import { test } from 'node:test';
import { dflExpectation } from '../../runtime/nn/dfl.js';
import assert from 'node:assert/strict';
import { assertSameOnBoth, countAddonCalls, rand, setUp, tf } from './helpers.js';

test('DFL expectation and its gradient equal the cpu backend (reg_max 16 and 8)', async () => {
  await setUp();
  for (const [shape, regMax] of [[[2, 5, 7, 64], 16], [[1, 3, 4, 32], 8]] as const) {
    assertSameOnBoth(() => {
      // Logits of a few units, as a trained head's: peaked and flat distributions both.
      const x = tf.mul(rand([...shape], 7), 4) as tf.Tensor4D;
      const r = rand([shape[0], shape[1], shape[2], 4], 8);
      const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(dflExpectation(a as tf.Tensor4D, regMax), r)))(x);
      return [dflExpectation(x, regMax), g];
    }, `DFL ${shape} reg_max ${regMax}`);
  }
});

test('the DFL integral and its gradient run in the addon (one call each)', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  const run = (): void => {
    assertSameOnBoth(() => tf.grad((a: tf.Tensor) => tf.sum(dflExpectation(a as tf.Tensor4D, 16)))(rand([1, 2, 3, 64], 9)), 'spy');
  };
  assert.deepEqual(['dfl', 'dflGrad'].map((n) => countAddonCalls(addon, n as 'dfl', run)), [1, 1]);
});
