/** PyTorch's default initialisers, in tfjs shapes (used before weights are loaded or to train from scratch). */
import * as tf from '@tensorflow/tfjs-core';

/** kaiming_uniform_(a=sqrt(5)) as nn.Conv2d uses: U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
export function uniformFanIn(fanIn: number): (shape: number[]) => tf.Tensor {
  const bound = 1 / Math.sqrt(Math.max(fanIn, 1));
  return (shape) => tf.randomUniform(shape, -bound, bound, 'float32', nextSeed());
}

let initSeed: number | null = null;

/** Makes weight initialisation reproducible: models built after seedInit(s) get the same weights. */
export function seedInit(seed: number | null): void {
  initSeed = seed;
}

function nextSeed(): number | undefined {
  return initSeed === null ? undefined : initSeed++;
}

/** A constant fill. */
export function constant(value: number): (shape: number[]) => tf.Tensor {
  return (shape) => tf.fill(shape, value, 'float32');
}

/** normal_init(mean 0, std): N(0, std^2), seeded like the others. */
export function normal(std: number): (shape: number[]) => tf.Tensor {
  return (shape) => tf.randomNormal(shape, 0, std, 'float32', nextSeed());
}
