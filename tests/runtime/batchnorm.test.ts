/**
 * BatchNorm2d against PyTorch (gen_bn_train.py -> bn_train_torch.json): training forward with
 * batch statistics, its gradients, running updates (PyTorch momentum, unbiased variance)
 * applied only by applyUpdates(), then eval with running statistics.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BatchNorm2d, tf, toNCHW, toNHWC } from '../../runtime/index.js';
import { describeBackends, maxAbsDiff } from './helpers.js';

interface Truth {
  shape: [number, number, number, number]; eps: number; momentum: number;
  weight: number[]; bias: number[]; running_mean0: number[]; running_var0: number[];
  x: number[][]; coef: number[]; y1: number[]; grad_x1: number[]; grad_weight: number[]; grad_bias: number[];
  running_mean1: number[]; running_var1: number[]; running_mean2: number[]; running_var2: number[];
  y2: number[]; y3_eval: number[];
}
const T = JSON.parse(readFileSync(path.join(import.meta.dirname, 'bn_train_torch.json'), 'utf8')) as Truth;

function close(name: string, got: ArrayLike<number>, want: number[], atol = 1e-5): void {
  const { max, at } = maxAbsDiff(got, want);
  assert.ok(max <= atol, `${name}: max |diff| ${max} at ${at} (got ${got[at]}, want ${want[at]})`);
}

const nhwc = (flat: number[]) => tf.tidy(() => toNHWC(tf.tensor4d(flat, T.shape)));
const nchw = (t: tf.Tensor4D) => tf.tidy(() => toNCHW(t).dataSync());

describeBackends('BatchNorm2d vs PyTorch', () => {
  it('train mode: batch statistics, gradients, deferred running update; eval: running statistics', () => {
    const bn = new BatchNorm2d(3, T.eps, T.momentum);
    bn.weight.assign(tf.tensor1d(T.weight));
    bn.bias.assign(tf.tensor1d(T.bias));
    bn.runningMean.assign(tf.tensor1d(T.running_mean0));
    bn.runningVar.assign(tf.tensor1d(T.running_var0));
    const before = tf.memory().numTensors;

    const x1 = nhwc(T.x[0]!);
    const coef = nhwc(T.coef);
    const { value, grads } = tf.tidy(() => {
      const f = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => {
        void w; void b; // read through bn.weight / bn.bias (the same tensors)
        return tf.sum(tf.mul(bn.forward(x as tf.Tensor4D, true), coef));
      };
      const g = tf.grads(f);
      const gs = g([x1, bn.weight, bn.bias]);
      return { value: bn.forward(x1, false), grads: gs };
    });
    // A training forward ran inside grads (queued) and the eval forward above used the
    // original running statistics: nothing is applied before applyUpdates().
    close('running_mean untouched before applyUpdates', bn.runningMean.dataSync(), T.running_mean0, 0);
    bn.applyUpdates();
    close('running_mean after step 1', bn.runningMean.dataSync(), T.running_mean1);
    close('running_var after step 1 (unbiased)', bn.runningVar.dataSync(), T.running_var1);
    close('grad x', nchw(grads[0] as tf.Tensor4D), T.grad_x1, 1e-4);
    close('grad weight', grads[1]!.dataSync(), T.grad_weight, 1e-4);
    close('grad bias', grads[2]!.dataSync(), T.grad_bias, 1e-4);
    tf.dispose([value, ...grads]);

    const y1 = tf.tidy(() => bn.forward(x1, true));
    bn.discardUpdates();
    close('train-mode output (biased batch variance)', nchw(y1), T.y1);
    const y2 = tf.tidy(() => bn.forward(nhwc(T.x[1]!), true));
    bn.applyUpdates();
    close('train-mode output, step 2', nchw(y2), T.y2);
    close('running_mean after step 2', bn.runningMean.dataSync(), T.running_mean2);
    close('running_var after step 2', bn.runningVar.dataSync(), T.running_var2);
    const y3 = tf.tidy(() => bn.forward(nhwc(T.x[2]!), false));
    close('eval output', nchw(y3), T.y3_eval);
    tf.dispose([x1, coef, y1, y2, y3]);
    assert.equal(tf.memory().numTensors, before, 'no tensors leaked');
    bn.dispose();
  });
});
