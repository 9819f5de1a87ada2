/** DetDataPreprocessor: BGR->RGB, (x - mean) / std, pad bottom/right to the size divisor with pad_value. */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { preprocess, preprocessCfgOf, selectBackend, tf } from '../../runtime/index.js';

before(async () => { await selectBackend('cpu', { quiet: true }); });

it('flips BGR to RGB, normalises, then pads the batch to the divisor', () => {
  const cfg = preprocessCfgOf({ type: 'mmdet.DetDataPreprocessor', mean: [0, 10, 20], std: [255, 255, 255], bgr_to_rgb: true, pad_size_divisor: 4, pad_value: 7 });
  // 1x2 image, pixels (B, G, R): (255, 0, 51), (0, 255, 102)
  const a = { data: new Uint8Array([255, 0, 51, 0, 255, 102]), height: 1, width: 2 };
  const b = { data: new Uint8Array(5 * 3 * 3).fill(255), height: 5, width: 3 };
  const before = tf.memory().numTensors;
  const { input, batchInputShape } = preprocess([a, b], cfg);
  assert.deepEqual(batchInputShape, [8, 4]);
  assert.deepEqual(input.shape, [2, 8, 4, 3]);
  const v = input.arraySync();
  assert.deepEqual(v[0]![0]![0], [51 / 255, -10 / 255, 235 / 255].map(Math.fround));
  assert.deepEqual(v[0]![0]![1], [102 / 255, 245 / 255, -20 / 255].map(Math.fround));
  assert.deepEqual(v[0]![0]![2], [7, 7, 7], 'padding after normalisation, with pad_value');
  assert.deepEqual(v[1]![4]![2], [1, 245 / 255, 235 / 255].map(Math.fround));
  assert.deepEqual(v[1]![5]![0], [7, 7, 7]);
  input.dispose();
  assert.equal(tf.memory().numTensors, before);
});
