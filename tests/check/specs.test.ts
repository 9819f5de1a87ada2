import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  countParams, inputMap, makeDivisible, makeRound, pafpnConcatMismatches, pyRound, starnetPreset,
  StarNetSpec, unwidenChannels, YOLODetectorSpec, YOLOv5CSPDarknetSpec, YOLOv5PAFPNSpec, type ParamSpec,
} from '../../runtime/modules/contracts.js';
import { readSafetensors } from '../../runtime/io/safetensors.js';
import { FIXTURES } from '../helpers/paths.js';

interface Truth {
  args: Record<string, unknown>;
  total: number; backbone: number; neck: number; head: number; keys: number; digest: string;
  macs_640x512: number; cls_shapes_640x512: number[][];
  state_dict?: string[];
}
const TRUTH: Record<string, Truth> = JSON.parse(readFileSync(path.join(import.meta.dirname, 'param_truth.json'), 'utf8'));

const line = (p: ParamSpec) => `${p.name}:${p.shape.join('x')}`;
const sum = (ps: ParamSpec[], prefix: string) => countParams(ps.filter((p) => p.name.startsWith(prefix)));

test('Python rounding: half to even, make_divisible rounds up, make_round keeps 1', () => {
  assert.deepEqual([0.5, 1.5, 2.5, 3.5, -0.5, 2.4999, 2.51].map(pyRound), [0, 2, 2, 4, 0, 2, 3]);
  assert.equal(makeDivisible(64, 0.25), 16);
  assert.equal(makeDivisible(1024, 0.33), 344);
  assert.equal(makeDivisible(100, 0.5), 56);
  assert.equal(makeDivisible(768, 1.25), 960);
  // YOLOv5s stage blocks [1, 2, 3, 1]; x0.5 of 5 is 2.5 -> 2 and of 7 is 3.5 -> 4.
  assert.deepEqual([3, 6, 9, 3].map((n) => makeRound(n, 0.33)), [1, 2, 3, 1]);
  assert.deepEqual([3, 6, 9].map((n) => makeRound(n, 1.33)), [4, 8, 12]);
  assert.deepEqual([makeRound(5, 0.5), makeRound(7, 0.5), makeRound(1, 0.33), makeRound(2, 0.1)], [2, 4, 1, 1]);
  assert.equal(unwidenChannels(48, 0.5), 96);
  assert.equal(makeDivisible(unwidenChannels(40, 0.33)!, 0.33), 40);
  assert.equal(unwidenChannels(12, 0.5), undefined);
});

test('the fixture model: same state_dict names, shapes and order as the PyTorch weights', () => {
  const weights = readSafetensors(path.join(FIXTURES, 'yolov5_starnet_s8.weights.safetensors'));
  const args = YOLODetectorSpec.parseArgs(TRUTH.starnet_seed!.args);
  const ps = YOLODetectorSpec.parameters(args);
  assert.deepEqual(ps.map((p) => p.name), [...weights.keys()]);
  for (const p of ps) assert.deepEqual(p.shape, weights.get(p.name)!.shape, p.name);
  assert.equal(countParams(ps), 2446269);
  assert.deepEqual([sum(ps, 'backbone.'), sum(ps, 'neck.'), sum(ps, 'bbox_head.')], [1959216, 400608, 86445]);
});

for (const [name, t] of Object.entries(TRUTH)) {
  test(`parameter counts and state_dict digest equal PyTorch: ${name}`, () => {
    const ps = YOLODetectorSpec.parameters(YOLODetectorSpec.parseArgs(t.args));
    const lines = ps.map(line);
    if (t.state_dict) assert.deepEqual(lines, t.state_dict);
    assert.deepEqual(
      { total: countParams(ps), backbone: sum(ps, 'backbone.'), neck: sum(ps, 'neck.'), head: sum(ps, 'bbox_head.'), keys: ps.length },
      { total: t.total, backbone: t.backbone, neck: t.neck, head: t.head, keys: t.keys });
    assert.equal(createHash('sha256').update(lines.map((l) => l + '\n').join('')).digest('hex'), t.digest);
  });
}

test('layer tables: conv multiply-adds and head output sizes equal PyTorch hooks at 640x512', () => {
  for (const [name, t] of Object.entries(TRUTH)) {
    const args = YOLODetectorSpec.parseArgs(t.args);
    const table = YOLODetectorSpec.layers(args, [inputMap(640, 512)]);
    assert.equal(table.rows.reduce((s, r) => s + r.flops, 0), t.macs_640x512, name);
    // Head outputs are num_base_priors * num_classes class maps per level, [1, C, H, W] in PyTorch.
    assert.deepEqual(table.outputs.map((o) => [o.h, o.w]), t.cls_shapes_640x512.map((s) => [s[2], s[3]]), name);
  }
});

test('stock YOLOv5s has 7,235,389 parameters', () => {
  assert.equal(TRUTH['yolov5s-P5']!.total, 7235389);
  assert.equal(countParams(YOLODetectorSpec.parameters(YOLODetectorSpec.parseArgs(TRUTH['yolov5s-P5']!.args))), 7235389);
});

test('outputs: StarNet counts stages, CSPDarknet counts from the stem', () => {
  const seed = StarNetSpec.parseArgs({ base_dim: 24, depths: [1, 2, 6, 2], out_indices: [0, 1, 2] });
  assert.deepEqual(StarNetSpec.outputs(seed), [{ channels: 24, stride: 4 }, { channels: 48, stride: 8 }, { channels: 96, stride: 16 }]);
  assert.deepEqual(StarNetSpec.outputs({ ...seed, out_indices: [3, 1, 1, 7] }), [{ channels: 48, stride: 8 }, { channels: 192, stride: 32 }]);
  const s = YOLOv5CSPDarknetSpec.parseArgs({ deepen_factor: 0.33, widen_factor: 0.5 });
  assert.deepEqual(YOLOv5CSPDarknetSpec.outputs(s), [{ channels: 128, stride: 8 }, { channels: 256, stride: 16 }, { channels: 512, stride: 32 }]);
  assert.equal(YOLOv5CSPDarknetSpec.candidates(YOLOv5CSPDarknetSpec.parseArgs({ arch: 'P6' })).length, 6);
  assert.deepEqual(starnetPreset('s1').depths, [2, 2, 8, 3]);
});

test('layers: spatial sizes follow PyTorch conv arithmetic; FLOPs are conv multiply-adds', () => {
  const a = YOLOv5CSPDarknetSpec.parseArgs({ deepen_factor: 0.33, widen_factor: 0.5 });
  const t = YOLOv5CSPDarknetSpec.layers(a, [inputMap(640, 480)], 'backbone');
  assert.deepEqual(t.rows[0], {
    path: 'backbone.stem', type: 'ConvModule', out: { channels: 32, h: 240, w: 320, stride: 2 },
    params: 32 * 3 * 36 + 64, flops: 32 * 3 * 36 * 240 * 320,
  });
  assert.deepEqual(t.outputs.map((o) => [o.channels, o.h, o.w, o.stride]), [[128, 60, 80, 8], [256, 30, 40, 16], [512, 15, 20, 32]]);
  assert.equal(t.rows.reduce((s, r) => s + r.params, 0), countParams(t.params));
});

test('PAFPN: concat channels 2*md(c) can differ from md(2c), which PyTorch rejects', () => {
  assert.deepEqual(pafpnConcatMismatches(YOLOv5PAFPNSpec.parseArgs({ in_channels: [96, 192, 384], widen_factor: 0.5 })), []);
  const bad = pafpnConcatMismatches(YOLOv5PAFPNSpec.parseArgs({ in_channels: [100, 200, 400], widen_factor: 0.5 }));
  assert.deepEqual(bad.map((m) => m.layer), ['top_down_layers.0', 'top_down_layers.1', 'bottom_up_layers.0', 'bottom_up_layers.1']);
  assert.deepEqual(bad[1], { layer: 'top_down_layers.1', got: 112, expected: 104 });
});

test('every PyTorch truth config passes the shape checker', async () => {
  const { checkShapes } = await import('../../compiler/check/index.js');
  const { fromJson } = await import('./json-config.js');
  for (const [name, t] of Object.entries(TRUTH)) {
    const model = { type: 'YOLODetector', ...t.args } as Parameters<typeof fromJson>[0];
    const codes = checkShapes(fromJson({ model, img_scale: [640, 640] })).diagnostics.map((d) => d.code);
    // StarNet out_indices (0, 1, 2) gives strides 4/8/16 against the head's 8/16/32.
    assert.deepEqual(codes, name === 'starnet_seed_out012' ? ['YC5003'] : [], name);
  }
});
