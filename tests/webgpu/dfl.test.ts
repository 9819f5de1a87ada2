/** YOLOv8's DFL integral (softmax over reg_max bins, then the expectation) and its gradient on webgpu equal the cpu backend. */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { randomData, maxRelDiff, runOn, useWebgpu } from '../helpers/webgpu.js';
import { dflExpectation } from '../../runtime/nn/dfl.js';

let gpu = false;
before(async () => { gpu = await useWebgpu(); });

it('DFL expectation and its gradient (reg_max 16)', { timeout: 60_000 }, async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const shape = [2, 6, 5, 64] as [number, number, number, number];
  const xd = randomData(2 * 6 * 5 * 64, 41).map((v) => v * 4), rd = randomData(2 * 6 * 5 * 4, 42);
  const f = () => {
    const x = tf.tensor4d(xd, shape);
    const r = tf.tensor4d(rd, [2, 6, 5, 4]);
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(dflExpectation(a as tf.Tensor4D, 16), r)))(x);
    return [dflExpectation(x, 16), g];
  };
  const got = await runOn('webgpu', f);
  const want = await runOn('cpu', f);
  ['y', 'dx'].forEach((n, i) => {
    const d = maxRelDiff(got[i]!, want[i]!);
    assert.ok(d < 1e-4, `DFL ${n}: max rel diff ${d}`);
  });
});
