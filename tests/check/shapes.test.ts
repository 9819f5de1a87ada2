import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkShapes } from '../../compiler/check/index.js';
import type { Json } from '../../compiler/frontend/values.js';
import { fromJson, seedModel } from './json-config.js';

type Dict = { [k: string]: Json };
const clone = <T>(x: T): T => structuredClone(x);
function check(model: Dict, extra: Dict = {}) {
  return checkShapes(fromJson({ model, ...extra }, ['/model/backbone/out_indices']));
}
const codes = (r: ReturnType<typeof check>) => r.diagnostics.map((d) => d.code);
function fixed(): Dict {
  const m = seedModel();
  (m.backbone as Dict).out_indices = [1, 2, 3];
  (m.neck as Dict).in_channels = [96, 192, 384];
  ((m.bbox_head as Dict).head_module as Dict).in_channels = [96, 192, 384];
  return m;
}
const at = (m: Dict, ...keys: string[]): Dict => keys.reduce((d, k) => d[k] as Dict, m);

test('the seed config: channels match but strides 4/8/16 do not (YC5003), with the full fix', () => {
  const r = check(seedModel(), { img_scale: [640, 640] });
  assert.deepEqual(codes(r), ['YC5003']);
  const d = r.diagnostics[0]!;
  assert.equal(d.path, '/model/backbone/out_indices');
  assert.match(d.message, /out_indices \(0, 1, 2\) give strides \[4, 8, 16\].*featmap_strides are \[8, 16, 32\]/);
  assert.equal(d.fix, 'set model.backbone.out_indices to (1, 2, 3) (levels 48@8, 96@16, 192@32) and model.neck.in_channels to [96, 192, 384] and model.bbox_head.head_module.in_channels to [96, 192, 384]');
  assert.deepEqual(r.value.backbone?.levels.map((l) => l.stride), [4, 8, 16]);
});

test('the corrected model is clean and its facts carry strides 8/16/32', () => {
  const r = check(fixed(), { img_scale: [640, 640] });
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.value.neck?.levels, [{ channels: 48, stride: 8 }, { channels: 96, stride: 16 }, { channels: 192, stride: 32 }]);
});

test('YC5001: neck in_channels vs backbone, fix by out_indices when one matches channels and strides', () => {
  const m = fixed();
  at(m, 'backbone').out_indices = [0, 1, 2];
  at(m, 'bbox_head', 'head_module').featmap_strides = [8, 16, 32];
  const r = check(m);
  assert.equal(codes(r)[0], 'YC5001');
  assert.equal(r.diagnostics[0]!.fix, 'set out_indices to (1, 2, 3)');
  const m2 = fixed();
  at(m2, 'neck').in_channels = [64, 128, 256];
  const r2 = check(m2);
  assert.deepEqual(codes(r2), ['YC5001', 'YC5002']);
  assert.equal(r2.diagnostics[0]!.path, '/model/neck/in_channels');
  assert.equal(r2.diagnostics[0]!.fix, 'set in_channels to [96, 192, 384]');
});

test('YC5002: head in_channels vs neck outputs, fix in pre-widen units', () => {
  const m = fixed();
  at(m, 'bbox_head', 'head_module').in_channels = [48, 96, 192];
  const r = check(m);
  assert.deepEqual(codes(r), ['YC5002']);
  assert.equal(r.diagnostics[0]!.fix, 'set model.bbox_head.head_module.in_channels to [96, 192, 384]');
});

test('YC5003 without an out_indices fix points at featmap_strides', () => {
  const m = fixed();
  at(m, 'bbox_head', 'head_module').featmap_strides = [8, 16, 64];
  at(m, 'bbox_head', 'prior_generator').strides = [8, 16, 64];
  const r = check(m);
  assert.deepEqual(codes(r), ['YC5003']);
  assert.equal(r.diagnostics[0]!.path, '/model/bbox_head/head_module/featmap_strides');
  assert.equal(r.diagnostics[0]!.fix, 'set featmap_strides to [8, 16, 32]');
});

test('YC5004: prior_generator.strides alone wrong', () => {
  const m = fixed();
  at(m, 'bbox_head', 'prior_generator').strides = [4, 8, 16];
  assert.deepEqual(codes(check(m)), ['YC5004']);
});

test('YC5005: level counts across out_indices, in_channels, strides, anchors, obj_level_weights', () => {
  const m = fixed();
  at(m, 'backbone').out_indices = [2, 3];
  const r = check(m);
  assert.equal(codes(r)[0], 'YC5005');
  assert.equal(r.diagnostics[0]!.fix, 'set model.backbone.out_indices to (1, 2, 3)');
  const m2 = fixed();
  at(m2, 'bbox_head').obj_level_weights = [4.0, 1.0];
  at(m2, 'bbox_head', 'prior_generator').base_sizes = [[[10, 13], [16, 30], [33, 23]]];
  assert.deepEqual(codes(check(m2)), ['YC5005', 'YC5005']);
  const m3 = fixed();
  at(m3, 'bbox_head', 'head_module').featmap_strides = [8, 16, 32, 64];
  assert.ok(codes(check(m3)).includes('YC5005'));
});

test('YC5006: num_base_priors vs anchors per level', () => {
  const m = fixed();
  at(m, 'bbox_head', 'head_module').num_base_priors = 4;
  const r = check(m);
  assert.deepEqual(codes(r), ['YC5006']);
  assert.equal(r.diagnostics[0]!.fix, 'set num_base_priors to 3');
});

test('YC5007: num_classes vs metainfo classes, once per distinct classes value', () => {
  const ds = { dataset: { type: 'YOLOv5CocoDataset', metainfo: { classes: ['cat', 'dog'] } } };
  const r = check(fixed(), { train_dataloader: ds, val_dataloader: clone(ds) });
  assert.deepEqual(codes(r), ['YC5007', 'YC5007']); // no provenance here: distinct pointers
  assert.equal(r.diagnostics[0]!.fix, 'set num_classes to 2');
  const ok = check(fixed(), { train_dataloader: { dataset: { type: 'RepeatDataset', dataset: { metainfo: { classes: Array(80).fill('x') } } } } });
  assert.deepEqual(codes(ok), []);
});

test('YC5008: img_scale must divide by the largest stride', () => {
  const r = check(fixed(), { img_scale: [600, 640] });
  assert.deepEqual(codes(r), ['YC5008']);
  assert.equal(r.diagnostics[0]!.fix, 'set img_scale to (608, 640)');
});

test('YC5009 out of range and YC5011 repeated out_indices', () => {
  const m = fixed();
  at(m, 'backbone').out_indices = [1, 2, 4];
  assert.equal(codes(check(m))[0], 'YC5009');
  const m2 = fixed();
  at(m2, 'backbone').out_indices = [1, 2, 3, 3];
  const r = check(m2);
  assert.deepEqual(codes(r), ['YC5011']);
  assert.equal(r.diagnostics[0]!.severity, 'warning');
});

test('YC5010: neck concat channel mismatch from in_channels that do not widen evenly', () => {
  const m = fixed();
  at(m, 'neck').in_channels = [100, 200, 400];
  assert.ok(codes(check(m)).includes('YC5010'));
});

test('YC5012: malformed arguments skip the checks with a warning; YC5013: strides must double', () => {
  const m = fixed();
  at(m, 'neck').in_channels = 'wide';
  const r = check(m);
  assert.deepEqual(codes(r), ['YC5012']);
  assert.equal(r.diagnostics[0]!.path, '/model/neck/in_channels');
  const m2 = fixed();
  at(m2, 'backbone').out_indices = [0, 2, 3];
  at(m2, 'neck').in_channels = [48, 192, 384];
  at(m2, 'bbox_head', 'head_module').in_channels = [48, 192, 384];
  assert.ok(codes(check(m2)).includes('YC5013'));
});

test('stock YOLOv5s (CSPDarknet) is clean; types without a spec are named in one YC5020 warning', () => {
  const ch = [256, 512, 1024];
  const m: Dict = {
    type: 'YOLODetector',
    backbone: { type: 'YOLOv5CSPDarknet', deepen_factor: 0.33, widen_factor: 0.5 },
    neck: { type: 'YOLOv5PAFPN', deepen_factor: 0.33, widen_factor: 0.5, in_channels: ch, out_channels: ch, num_csp_blocks: 3 },
    bbox_head: { type: 'YOLOv5Head', head_module: { type: 'YOLOv5HeadModule', num_classes: 80, in_channels: ch, widen_factor: 0.5 } },
  };
  assert.deepEqual(check(m).diagnostics, []);
  at(m, 'backbone').type = 'mmdet.ResNet';
  const one = check(m).diagnostics;
  assert.deepEqual(one.map((d) => [d.code, d.severity, d.path]), [['YC5020', 'warning', '/model/backbone/type']]);
  assert.match(one[0]!.message, /^shapes not checked for mmdet\.ResNet \(backbone\): yoloc has no shape rules for this type/);
  const rtm = checkShapes(fromJson({ model: { type: 'RTMDet' } })).diagnostics;
  assert.deepEqual(rtm.map((d) => [d.code, d.message.split(':')[0]]), [['YC5020', 'shapes not checked for RTMDet (detector)']]);
});
