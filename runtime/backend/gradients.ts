/**
 * Plain tfjs-core in Node registers no gradients, and its ESM files cannot be imported by
 * Node directly (extensionless imports); requiring dist/register_all_gradients.js (which tsx
 * transpiles) fills the global gradient registry that every tfjs-core copy shares.
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';

/** Registers tfjs-core's gradients once. */
export function registerGradients(): void {
  if (tf.getGradient('Conv2D') !== undefined && tf.getGradient('Sigmoid') !== undefined) return;
  createRequire(import.meta.url)('@tensorflow/tfjs-core/dist/register_all_gradients.js');
}
