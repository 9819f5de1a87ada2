/**
 * One contract per module type (runtime/modules/<type>/contract.ts), read by the builder, check
 * and emit alike: the registry's runnable types each have a runtime class and an ONNX converter,
 * each contract's parse reads exactly the keys its honoured list names, and the compiler's
 * commands never load TensorFlow.js (the contracts are pure).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONTRACTS, RUNTIME_TYPES, contractOf, type RawArgs } from '../../runtime/modules/contracts.js';
import { ROOT } from '../helpers/paths.js';

const HOOK = path.join(ROOT, 'tests/helpers/no-tfjs.mjs');
const yoloc = (...args: string[]) => spawnSync(process.execPath, ['--import', HOOK, path.join(ROOT, 'bin/yoloc.js'), ...args], { cwd: ROOT, encoding: 'utf8' });

test('compile, check and summary run without loading TensorFlow.js', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'yoloc-notfjs-'));
  const cfg = 'configs/starnet/yolov5_starnet_s050_synth_320.py';
  for (const args of [['compile', cfg, '-o', out], ['check', cfg], ['summary', cfg]]) {
    const r = yoloc(...args);
    assert.equal(r.status, 0, `yoloc ${args[0]}: ${r.stderr}`);
  }
  // The hook does catch TensorFlow.js: forward builds a model, so it must fail under it.
  const f = yoloc('forward', cfg, '--weights', cfg, '--input', cfg, '-o', path.join(out, 'o.safetensors'));
  assert.notEqual(f.status, 0);
  assert.match(f.stderr, /TensorFlow\.js imported: @tensorflow\/tfjs-core/);
});

test('every runnable contract names a runtime class that has a builder and an ONNX converter', async () => {
  const { BUILDERS } = await import('../../runtime/modules/builders.js');
  const { convertibleTypes } = await import('../../runtime/export/onnx/lower.js');
  await import('../../runtime/export/onnx/modules/index.js');
  const onnx = convertibleTypes();
  const classes = CONTRACTS.filter((c) => c.runtime).map((c) => c.type);
  assert.deepEqual([...classes].sort(), Object.keys(BUILDERS).sort());
  assert.deepEqual(classes.filter((c) => !onnx.includes(c)), []);
  for (const slot of Object.keys(RUNTIME_TYPES) as (keyof typeof RUNTIME_TYPES)[]) {
    for (const t of RUNTIME_TYPES[slot]) if (slot !== 'detector') assert.ok(contractOf(t)?.runtime, `${slot} ${t}`);
  }
});

/** A minimal dict each contract parses (its required arguments only). */
const SAMPLES: Record<string, RawArgs> = {
  StarNet: {},
  YOLOv5CSPDarknet: {},
  YOLOv5PAFPN: { in_channels: [64, 128, 256] },
  YOLOv5HeadModule: { num_classes: 2, in_channels: [64, 128, 256] },
  YOLOv5Head: { head_module: { type: 'YOLOv5HeadModule', num_classes: 2, in_channels: [64, 128, 256] } },
  YOLOv8CSPDarknet: {},
  YOLOv8PAFPN: { in_channels: [64, 128, 256], out_channels: [64, 128, 256] },
  YOLOv8HeadModule: { num_classes: 2, in_channels: [64, 128, 256] },
  YOLOv8Head: { head_module: { type: 'YOLOv8HeadModule', num_classes: 2, in_channels: [64, 128, 256] } },
  CSPNeXt: {},
  CSPNeXtPAFPN: { in_channels: [64, 128, 256], out_channels: 64 },
  RTMDetSepBNHeadModule: { num_classes: 2, in_channels: 64 },
  RTMDetHead: { head_module: { type: 'RTMDetSepBNHeadModule', num_classes: 2, in_channels: 64 } },
};

test("each contract's parse reads exactly the keys its honoured list says the runtime reads", () => {
  for (const c of CONTRACTS) {
    const sample = SAMPLES[c.type];
    assert.ok(sample, `add a sample dict for ${c.type} to this test`);
    const read = new Set<string>();
    c.parseArgs(new Proxy(sample, { get: (t, k) => { if (typeof k === 'string') read.add(k); return Reflect.get(t, k); } }));
    const h = c.honoured;
    // Loss and prior dicts (parts) are read by the loss, train_cfg/test_cfg are the detector's.
    assert.deepEqual([...read].filter((k) => !h.reads.includes(k) && !h.inert.includes(k)), [], `${c.type} reads keys it does not list`);
    assert.deepEqual(h.reads.filter((k) => !read.has(k) && !(k in (c.parts ?? {}))), [], `${c.type} lists keys its parse never reads`);
  }
});
