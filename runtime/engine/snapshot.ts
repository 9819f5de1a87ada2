/** The in-memory checkpoint of a training state (train.ts saves it; bench/leak.ts checks it leaks nothing). */
import * as tf from '@tensorflow/tfjs-core';
import type { Module } from '../nn/module.js';
import { stateDictAsync } from '../io/weights.js';
import type { TensorData } from '../io/safetensors.js';
import type { Checkpoint } from './checkpoint.js';
import type { Optimizer, OptimizerState } from './optimizer.js';

/**
 * A checkpoint of `deploy` (state_dict: the EMA weights when there is an EMA model, as MMEngine's
 * EMAHook swaps them in), `training` (the `ema.` entries: the weights being trained) and the
 * optimizer, with `meta` plus the param groups. One optimizer snapshot, disposed before returning;
 * every tensor is read asynchronously, all at once (the only way on a GPU backend).
 */
export async function checkpointStateAsync<M extends Record<string, unknown>>(sgd: Optimizer, deploy: Module, training: Module | null, meta: M):
  Promise<Checkpoint & { meta: M & { epoch: number; iter: number; groups: OptimizerState['groups'] } }> {
  const opt = sgd.state();
  try {
    const entries = [...opt.buffers];
    const [model, ema, datas] = await Promise.all([
      stateDictAsync(deploy), training ? stateDictAsync(training) : Promise.resolve(new Map<string, TensorData>()),
      Promise.all(entries.map(([, v]) => v.data() as Promise<Float32Array>)),
    ]);
    const optimizer = new Map(entries.map(([k, v], i) => [k, { dtype: 'float32' as const, shape: [...v.shape], data: datas[i]! }]));
    return { model, ema, optimizer, meta: { epoch: 0, iter: 0, ...meta, groups: opt.groups } };
  } finally {
    tf.dispose([...opt.buffers.values()]);
  }
}
