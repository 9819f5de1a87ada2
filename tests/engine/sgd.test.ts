import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { SGD, yolov5ParamGroups, pyRound } from '../../runtime/engine/sgd.js';
import { ExpMomentumEMA } from '../../runtime/engine/ema.js';
import { lrFactorAt, warmupValues, warmupIters, DEFAULT_SCHEDULE } from '../../runtime/engine/schedule.js';

await tf.setBackend('cpu');

test('SGD with Nesterov momentum and weight decay equals torch.optim.SGD', () => {
  // torch: p=[1,-2], grads g1=[0.5,0.25], g2=[-1,2]; lr=0.1, momentum=0.9, wd=0.01, nesterov.
  // step1: d=g+wd*p=[0.51,0.23]; buf=d; d=d+0.9*buf=[0.969,0.437]; p=[0.9031,-2.0437]
  // step2: d=[-1+0.009031, 2-0.020437]=[-0.990969,1.979563]; buf=0.9*[0.51,0.23]+d=[-0.531969,2.186563]
  //        d=d+0.9*buf=[-1.4697411,3.9474697]; p=[0.9031+0.14697411, -2.0437-0.39474697]
  const p = tf.variable(tf.tensor1d([1, -2]), true, 'w.weight');
  const params = new Map([['w.weight', p]]);
  const opt = new SGD([{ names: ['w.weight'], lr: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true, initialLr: 0.1, initialMomentum: 0.9 }]);
  opt.step(params, new Map([['w.weight', tf.tensor1d([0.5, 0.25])]]));
  const a1 = p.dataSync();
  assert.ok(Math.abs(a1[0]! - 0.9031) < 1e-6 && Math.abs(a1[1]! + 2.0437) < 1e-6, `${a1}`);
  opt.step(params, new Map([['w.weight', tf.tensor1d([-1, 2])]]));
  const a2 = p.dataSync();
  assert.ok(Math.abs(a2[0]! - (0.9031 + 0.14697411)) < 1e-5, `${a2}`);
  assert.ok(Math.abs(a2[1]! - (-2.0437 - 0.39474697)) < 1e-5, `${a2}`);
  opt.dispose();
  p.dispose();
});

test('YOLOv5 parameter groups: conv weights decay, norm weights and biases do not', () => {
  const params = new Map([
    ['a.conv.weight', tf.variable(tf.zeros([3, 3, 2, 4]))],
    ['a.bn.weight', tf.variable(tf.zeros([4]))],
    ['a.bn.bias', tf.variable(tf.zeros([4]))],
    ['head.convs_pred.0.bias', tf.variable(tf.zeros([4]))],
  ]);
  const g = yolov5ParamGroups(params, { lr: 0.01, momentum: 0.937, weightDecay: 0.0005, nesterov: true, batchSizePerGpu: 16 });
  assert.deepEqual(g.map((x) => x.names), [['a.conv.weight'], ['a.bn.weight'], ['a.bn.bias', 'head.convs_pred.0.bias']]);
  assert.deepEqual(g.map((x) => x.weightDecay), [0.0005, 0, 0]);
  // batch 12: accumulate = round(64/12) = 5, scale = 12*5/64 = 0.9375
  const g12 = yolov5ParamGroups(params, { lr: 0.01, momentum: 0.937, weightDecay: 0.0005, nesterov: true, batchSizePerGpu: 12 });
  assert.ok(Math.abs(g12[0]!.weightDecay - 0.0005 * 0.9375) < 1e-12);
  for (const v of params.values()) v.dispose();
});

test('pyRound rounds half to even', () => {
  assert.deepEqual([0.5, 1.5, 2.5, -0.5, 2.4, 2.6].map(pyRound), [0, 2, 2, -0, 2, 3]);
});

test('schedule: warmup interpolation and linear decay as YOLOv5ParamSchedulerHook', () => {
  assert.equal(lrFactorAt(DEFAULT_SCHEDULE, 0), 1);
  assert.ok(Math.abs(lrFactorAt(DEFAULT_SCHEDULE, 300) - 0.01) < 1e-12);
  assert.ok(Math.abs(lrFactorAt({ ...DEFAULT_SCHEDULE, schedulerType: 'cosine' }, 150) - 0.505) < 1e-12);
  assert.equal(warmupIters(DEFAULT_SCHEDULE, 100), 1000);
  assert.equal(warmupIters(DEFAULT_SCHEDULE, 500), 1500);
  const base = [{ lr: 0.01, momentum: 0.937 }, { lr: 0.01, momentum: 0.937 }, { lr: 0.01, momentum: 0.937 }];
  const v0 = warmupValues(DEFAULT_SCHEDULE, 0, 0, 100, base)!;
  assert.deepEqual(v0.map((v) => v.lr), [0, 0, 0.1]);
  assert.equal(v0[0]!.momentum, 0.8);
  const v500 = warmupValues(DEFAULT_SCHEDULE, 500, 5, 100, base)!;
  const f5 = lrFactorAt(DEFAULT_SCHEDULE, 5);
  assert.ok(Math.abs(v500[0]!.lr - 0.5 * 0.01 * f5) < 1e-15);
  assert.ok(Math.abs(v500[2]!.lr - (0.1 + 0.5 * (0.01 * f5 - 0.1))) < 1e-15);
  assert.ok(Math.abs(v500[1]!.momentum - (0.8 + 0.5 * 0.137)) < 1e-12);
  assert.equal(warmupValues(DEFAULT_SCHEDULE, 1001, 10, 100, base), null);
});

test('ExpMomentumEMA: first update copies, then the exponential ramp', () => {
  const ema = new ExpMomentumEMA(0.0001, 2000, 1, true);
  const w = tf.tensor1d([1, 2]);
  const rm = tf.tensor1d([0.5]);
  ema.update(new Map([['w', w]]), new Map([['bn.running_mean', rm]]));
  assert.deepEqual([...ema.avg.get('w')!.dataSync()], [1, 2]);
  const w2 = tf.tensor1d([3, 6]);
  ema.update(new Map([['w', w2]]), new Map([['bn.running_mean', tf.tensor1d([1.5])]]));
  const m = (1 - 0.0001) * Math.exp(-2 / 2000) + 0.0001;
  const got = ema.avg.get('w')!.dataSync();
  assert.ok(Math.abs(got[0]! - (1 * (1 - m) + 3 * m)) < 1e-6);
  assert.ok(Math.abs(ema.avg.get('bn.running_mean')!.dataSync()[0]! - (0.5 * (1 - m) + 1.5 * m)) < 1e-6);
  ema.dispose();
});
