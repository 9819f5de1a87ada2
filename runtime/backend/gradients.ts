/**
 * Plain tfjs-core in Node registers no gradients, and its ESM files cannot be loaded by Node
 * directly (extensionless imports). Requiring dist/register_all_gradients.js through tsx's
 * CommonJS hook (already active under `node --import tsx`, registered here for a moment
 * otherwise) fills the global gradient registry that every tfjs-core copy shares.
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';

const GRADIENTS = '@tensorflow/tfjs-core/dist/register_all_gradients.js';

/** Registers tfjs-core's gradients once. */
export async function registerGradients(): Promise<void> {
  if (tf.getGradient('Conv2D') !== undefined && tf.getGradient('Sigmoid') !== undefined) return;
  const require = createRequire(import.meta.url);
  try {
    require(GRADIENTS);
  } catch {
    const { register } = await import('tsx/cjs/api');
    const unregister = register();
    try {
      require(GRADIENTS);
    } finally {
      await unregister();
    }
  }
}
