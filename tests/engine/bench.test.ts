import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { resolveConfig } from '../../compiler/resolve.js';
import { selectBackend } from '../../runtime/backend/index.js';
import { benchSteps } from '../../runtime/engine/bench.js';
import { ROOT } from '../helpers/paths.js';

await selectBackend(undefined, { quiet: true });
const cfg = resolveConfig(path.join(ROOT, 'configs/starnet/yolov5_starnet_s050_synth_320.py')).value!.data;

test('bench times real training steps and nothing leaks between steps', async () => {
  const r = await benchSteps({ config: cfg, mode: 'train', batch: 2, size: 64, steps: 4 });
  assert.equal(r.times_s.length, 4);
  assert.ok(r.times_s.every((t) => t > 0));
  assert.equal(r.tensor_growth, 0, 'tensors alive grew across training steps');
  assert.ok(r.median_s >= Math.min(...r.times_s) && r.median_s <= Math.max(...r.times_s));
});

test('bench forward mode runs eval forwards without leaking', async () => {
  const r = await benchSteps({ config: cfg, mode: 'forward', batch: 1, size: 96, steps: 3 });
  assert.equal(r.tensor_growth, 0);
});
