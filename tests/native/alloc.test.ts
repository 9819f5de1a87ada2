/**
 * The output-memory pool (runtime/backend/native/alloc.ts): a disposed kernel output is reused,
 * but never while a view, a shared entry, a dataSync() caller or a running kernel may still read
 * it, and training gradients come out bit-identical with and without it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { TRIM_EVERY, allocF32, allocStats, inKernel, setAllocPool } from '../../runtime/backend/native/alloc.js';
import { assertSameOnBoth, rand, setUp, tf } from './helpers.js';

const addon = await setUp();
const skip = addon === null ? 'native addon off (YOLOC_NO_NATIVE=1)' : false;

/** The backend's own array behind a tensor (no readSync: that would mark it as escaped). */
function memoryOf(t: tf.Tensor): Float32Array {
  return (tf.backend() as MathBackendCPU).data.get(t.dataId)!.values as Float32Array;
}

/** A native kernel output of 64x64 (pool-sized) elements. */
function output(seed: number): tf.Tensor {
  return tf.add(rand([64, 64], seed), rand([64, 64], seed + 1));
}

test('a disposed kernel output is reused by the next kernel of that size, with the right values', { skip }, () => {
  tf.setBackend('native');
  setAllocPool(true);
  const a = output(1);
  const buf = memoryOf(a).buffer;
  a.dispose();
  const b = output(3);
  assert.equal(memoryOf(b).buffer, buf, 'the freed buffer was not reused');
  const want = tf.tidy(() => { tf.setBackend('cpu'); return tf.add(rand([64, 64], 3), rand([64, 64], 4)).dataSync(); });
  tf.setBackend('native');
  assert.deepEqual(b.dataSync(), want);
  b.dispose();
});

test('a buffer with a live view (cpu Slice subarray) or a shared entry is not reused', { skip }, () => {
  tf.setBackend('native');
  setAllocPool(true);
  const backend = tf.backend() as MathBackendCPU;
  const a = output(5);
  const buf = memoryOf(a).buffer;
  // The cpu Slice of whole rows returns a subarray of its input: a second entry on the same buffer.
  const cpuSlice = getKernel('Slice', 'cpu')!.kernelFunc as (p: Parameters<KernelConfig['kernelFunc']>[0]) => TensorInfo;
  const view = tf.engine().makeTensorFromTensorInfo(cpuSlice({ inputs: { x: a }, backend, attrs: { begin: [8, 0], size: [16, 64] } }));
  assert.equal(memoryOf(view).buffer, buf, 'the cpu Slice made a copy: this test needs a view');
  const reshaped = tf.reshape(a, [4096]);
  const expectView = Float32Array.from(memoryOf(view)), expectReshaped = Float32Array.from(memoryOf(reshaped));
  a.dispose();
  const b = output(7);
  assert.notEqual(memoryOf(b).buffer, buf, 'reused while a view and a reshape held it');
  reshaped.dispose();
  const c = output(9);
  assert.notEqual(memoryOf(c).buffer, buf, 'reused while a view held it');
  assert.deepEqual(memoryOf(view), expectView);
  assert.deepEqual(Float32Array.from(expectReshaped.subarray(8 * 64, 24 * 64)), expectView);
  const recycled = allocStats().recycled;
  view.dispose();
  assert.equal(allocStats().recycled, recycled + 1, 'the last holder did not free the buffer');
  const d = output(11);
  assert.equal(memoryOf(d).buffer, buf);
  tf.dispose([b, c, d]);
});

test('memory handed out by dataSync() is never reused', { skip }, () => {
  tf.setBackend('native');
  setAllocPool(true);
  const a = output(13);
  const v = a.dataSync();
  const copy = Float32Array.from(v);
  a.dispose();
  const b = output(15);
  const c = tf.mul(b, 3);
  assert.notEqual(memoryOf(b).buffer, v.buffer);
  assert.notEqual(memoryOf(c).buffer, v.buffer);
  assert.deepEqual(v, copy, 'a dataSync() result changed after its tensor was disposed');
  tf.dispose([b, c]);
});

test('a buffer freed inside a kernel is reused only after the kernel returns', { skip }, () => {
  tf.setBackend('native');
  setAllocPool(true);
  const backend = tf.backend() as MathBackendCPU;
  let inner: Float32Array | null = null, freed: Float32Array | null = null;
  inKernel(() => {
    freed = allocF32(4096);
    const tmp = backend.makeTensorInfo([4096], 'float32', freed);
    backend.disposeIntermediateTensorInfo(tmp);
    inner = allocF32(4096);
  });
  assert.notEqual(inner!.buffer, freed!.buffer, 'reused inside the kernel that freed it');
  assert.equal(allocF32(4096).buffer, freed!.buffer, 'not reused after the kernel returned');
  // Freed, stored again and freed again inside one kernel: pooled once, handed out once.
  let twice: Float32Array | null = null;
  inKernel(() => {
    twice = allocF32(4096);
    backend.disposeIntermediateTensorInfo(backend.makeTensorInfo([4096], 'float32', twice));
    backend.disposeIntermediateTensorInfo(backend.makeTensorInfo([4096], 'float32', twice));
  });
  const first = allocF32(4096), second = allocF32(4096);
  assert.equal(first.buffer, twice!.buffer);
  assert.notEqual(second.buffer, first.buffer, 'one buffer handed out twice');
});

test('recycled memory is zeroed where a kernel adds into its output (MaxPoolGrad, PadV2)', { skip }, () => {
  setAllocPool(true);
  for (let round = 0; round < 3; round++) {
    // Garbage of the gradient's and the padded tensor's sizes, freed just before each kernel runs.
    assertSameOnBoth(() => {
      tf.dispose([tf.add(rand([2, 16, 16, 8], 40 + round), 5), tf.add(rand([2, 18, 20, 8], 50), 7)]);
      return [tf.grad((x: tf.Tensor) => tf.sum(tf.maxPool(x as tf.Tensor4D, 3, 2, 'same')))(rand([2, 16, 16, 8], 1)),
        tf.pad(rand([2, 16, 16, 8], 2), [[0, 0], [1, 1], [2, 2], [0, 0]])];
    }, `round ${round}`);
  }
});

test('gradients of a small conv net are bit-identical with and without the pool', { skip }, () => {
  tf.setBackend('native');
  const w1 = rand([3, 3, 4, 16], 21), dw = rand([3, 3, 16, 1], 22), w2 = rand([1, 1, 16, 8], 23), x = rand([2, 20, 20, 4], 24);
  const loss = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => {
    const h = tf.relu(tf.conv2d(x as tf.Tensor4D, a as tf.Tensor4D, 1, 'same'));
    const d = tf.sigmoid(tf.depthwiseConv2d(h, b as tf.Tensor4D, 2, 'same'));
    const y = tf.conv2d(tf.slice(tf.concat([d, tf.maxPool(d, 3, 1, 'same')], 3), [0, 0, 0, 0], [2, 10, 10, 16]), c as tf.Tensor4D, 1, 'valid');
    return tf.sum(tf.square(tf.sub(y, tf.mean(y, [0, 1, 2]))));
  };
  const run = (): Float32Array[] => tf.tidy(() => tf.grads(loss)([w1, dw, w2]).map((g) => g.dataSync() as Float32Array));
  setAllocPool(false);
  const want = run();
  setAllocPool(true);
  const before = allocStats().reused;
  for (let i = 0; i < 3; i++) {
    const got = run();
    got.forEach((g, k) => assert.deepEqual(g, want[k], `gradient ${k}, run ${i}`));
  }
  assert.ok(allocStats().reused > before, 'the pool was not used');
});

test('idle buffers of a size nobody asks for any more are let go', { skip }, () => {
  tf.setBackend('native');
  setAllocPool(true);
  const backend = tf.backend() as MathBackendCPU;
  const stale = allocF32(1031);
  backend.disposeIntermediateTensorInfo(backend.makeTensorInfo([1031], 'float32', stale));
  const held = allocStats().idleBytes;
  assert.ok(held >= 1031 * 4, 'the buffer did not reach the pool');
  for (let i = 0; i < 2 * TRIM_EVERY; i++) allocF32(1024, false);
  assert.equal(allocStats().idleBytes, held - 1031 * 4, 'a stale size is still held');
  assert.notEqual(allocF32(1031).buffer, stale.buffer);
});
