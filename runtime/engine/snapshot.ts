/** The in-memory checkpoint of a training state (train.ts saves it; bench/leak.ts checks it leaks nothing). */
import * as tf from '@tensorflow/tfjs-core';
import type { Module } from '../nn/module.js';
import { stateDict } from '../io/weights.js';
import type { TensorData } from '../io/safetensors.js';
import type { Checkpoint } from './checkpoint.js';
import type { SGD } from './sgd.js';

/** Tensors of a Map<string, tf.Tensor> as TensorData (tfjs layout). */
function snapshot(m: Map<string, tf.Tensor>): Map<string, TensorData> {
  return new Map([...m].map(([k, v]) => [k, { dtype: 'float32' as const, shape: [...v.shape], data: v.dataSync() as Float32Array }]));
}

/**
 * A checkpoint of `deploy` (state_dict: the EMA weights when there is an EMA model, as MMEngine's
 * EMAHook swaps them in), `training` (the `ema.` entries: the weights being trained) and the
 * optimizer, with `meta` plus the param groups. One optimizer snapshot, disposed before returning.
 */
export function checkpointState<M extends Record<string, unknown>>(sgd: SGD, deploy: Module, training: Module | null, meta: M):
  Checkpoint & { meta: M & { epoch: number; iter: number; groups: ReturnType<SGD['state']>['groups'] } } {
  const opt = sgd.state();
  try {
    return {
      model: stateDict(deploy), ema: training ? stateDict(training) : new Map<string, TensorData>(),
      optimizer: snapshot(opt.buffers), meta: { epoch: 0, iter: 0, ...meta, groups: opt.groups },
    };
  } finally {
    tf.dispose([...opt.buffers.values()]);
  }
}
