/**
 * tfjs-core's Node bundle (dist/tf-core.node.js) registers no gradients, and its ESM files
 * cannot be imported by Node directly (extensionless imports). Loading
 * dist/register_all_gradients.js through require (tsx transpiles it) fills the shared global
 * gradient registry once. runtime/backend/ may do the same; calling this twice is harmless.
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';

/** Registers tfjs-core's gradients unless some module already did. */
export function ensureGradients(): void {
  if (tf.getGradient('Sigmoid') !== undefined && tf.getGradient('GatherV2') !== undefined) return;
  const require = createRequire(import.meta.url);
  require('@tensorflow/tfjs-core/dist/register_all_gradients.js');
}
