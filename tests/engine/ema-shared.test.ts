/**
 * ExpMomentumEMA with update_buffers as MMEngine runs it over model.state_dict(): a tensor listed
 * under several names (RTMDet's shared head convs) is averaged once per name every step.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { ExpMomentumEMA } from '../../runtime/engine/ema.js';

test('EMA (update_buffers): a parameter with 3 state_dict names takes 3 averaging steps per update, others 1', async () => {
  await tf.setBackend('cpu');
  const shared = tf.variable(tf.tensor1d([1, 2, 3]));
  const plain = tf.variable(tf.tensor1d([4, 5]));
  const running = tf.variable(tf.tensor1d([0.5]), false);
  const ema = new ExpMomentumEMA(0.0002, 2000, 1, true, new Map([['shared', 3], ['plain', 1]]));
  const params = new Map<string, tf.Tensor>([['shared', shared], ['plain', plain]]);
  const buffers = new Map<string, tf.Tensor>([['running', running]]);
  ema.update(params, buffers); // step 0 copies
  shared.assign(tf.tensor1d([2, 2, 2]));
  plain.assign(tf.tensor1d([0, 0]));
  running.assign(tf.tensor1d([1.5]));
  ema.update(params, buffers);
  const m = ema.momentumAt(1);
  const keep = Math.fround(1 - m), take = Math.fround(m); // tfjs rounds the JS numbers to float32
  const step = (a: number, v: number) => Math.fround(Math.fround(a * keep) + Math.fround(v * take));
  const thrice = (a: number, v: number) => step(step(step(a, v), v), v);
  assert.deepEqual(Array.from(ema.avg.get('shared')!.dataSync()), [1, 2, 3].map((a) => thrice(a, 2)));
  assert.deepEqual(Array.from(ema.avg.get('plain')!.dataSync()), [4, 5].map((a) => step(a, 0)));
  assert.deepEqual(Array.from(ema.avg.get('running')!.dataSync()), [step(0.5, 1.5)]);
  ema.dispose();
  tf.dispose([shared, plain, running]);
});
