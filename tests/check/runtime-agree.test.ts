/**
 * The compiler's specs and the tfjs runtime must build the same model: same state_dict names,
 * same PyTorch shapes, same order, for YOLOv5 (P6, all of its code paths) and StarNet variants.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildDetector, selectBackend, stateDict } from '../../runtime/index.js';
import { YOLODetectorSpec } from '../../runtime/modules/contracts.js';

const TRUTH: Record<string, { args: Record<string, unknown> }> = JSON.parse(readFileSync(path.join(import.meta.dirname, 'param_truth.json'), 'utf8'));

before(async () => {
  await selectBackend('cpu', { quiet: true });
});

for (const name of ['yolov5n-P6', 'starnet_s050', 'starnet_seed_out012']) {
  test(`runtime model and spec agree on every parameter: ${name}`, () => {
    const args = TRUTH[name]!.args;
    const model = buildDetector({ type: 'YOLODetector', ...args } as Parameters<typeof buildDetector>[0]);
    const fromRuntime = [...stateDict(model)].map(([k, t]) => `${k}:${t.shape.join('x')}`);
    const fromSpec = YOLODetectorSpec.parameters(YOLODetectorSpec.parseArgs(args)).map((p) => `${p.name}:${p.shape.join('x')}`);
    // Same entries; the order may differ (the spec keeps PyTorch's registration order).
    assert.deepEqual([...fromRuntime].sort(), [...fromSpec].sort());
  });
}
