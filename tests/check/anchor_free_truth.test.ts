/**
 * YOLOv8 n/s/m/l/x and RTMDet tiny/s/m/l/x against PyTorch (tests/check/param_truth_anchor_free.json,
 * made by tests/fixtures/anchor_free/gen.py from the references MMYOLO's code was checked
 * against): the contracts' state_dict names and shapes (digest), parameter totals per part
 * (shared convs once), conv multiply-adds and class-map sizes at 640x512; `yoloc summary`'s
 * totals; every one passes the shape checker.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { countParams, inputMap, YOLODetectorSpec, type ParamSpec } from '../../runtime/modules/contracts.js';
import { checkShapes } from '../../compiler/check/index.js';
import { summarize } from '../../compiler/check/summary.js';
import { fromJson } from './json-config.js';

interface Truth {
  args: Record<string, unknown>;
  total: number; backbone: number; neck: number; head: number; keys: number; digest: string;
  macs_640x512: number; cls_shapes_640x512: number[][]; state_dict?: string[];
}
const TRUTH: Record<string, Truth> = JSON.parse(readFileSync(path.join(import.meta.dirname, 'param_truth_anchor_free.json'), 'utf8'));
const line = (p: ParamSpec) => `${p.name}:${p.shape.join('x')}`;
const sum = (ps: ParamSpec[], prefix: string) => countParams(ps.filter((p) => p.name.startsWith(prefix)));

test('the truth covers every size of both families', () => {
  assert.deepEqual(Object.keys(TRUTH), ['n', 's', 'm', 'l', 'x'].map((s) => `yolov8_${s}`).concat(['tiny', 's', 'm', 'l', 'x'].map((s) => `rtmdet_${s}`)));
});

for (const [name, t] of Object.entries(TRUTH)) {
  test(`${name}: state_dict, parameters, multiply-adds and summary totals equal PyTorch`, () => {
    const args = YOLODetectorSpec.parseArgs(t.args);
    const ps = YOLODetectorSpec.parameters(args);
    const lines = ps.map(line);
    if (t.state_dict) assert.deepEqual(lines, t.state_dict);
    assert.equal(createHash('sha256').update(lines.map((l) => l + '\n').join('')).digest('hex'), t.digest);
    assert.deepEqual(
      { total: countParams(ps), backbone: sum(ps, 'backbone.'), neck: sum(ps, 'neck.'), head: sum(ps, 'bbox_head.'), keys: ps.length },
      { total: t.total, backbone: t.backbone, neck: t.neck, head: t.head, keys: t.keys });
    const table = YOLODetectorSpec.layers(args, [inputMap(640, 512)]);
    assert.equal(table.rows.reduce((s, r) => s + r.flops, 0), t.macs_640x512);
    assert.deepEqual(table.outputs.map((o) => [o.channels, o.h, o.w]), t.cls_shapes_640x512.map((s) => [s[1], s[2], s[3]]));
    const cfg = fromJson({ model: { type: 'YOLODetector', ...t.args } as never, img_scale: [640, 640] });
    const s = summarize(cfg, [640, 512]).value!;
    assert.deepEqual([s.totals.params, s.totals.backbone, s.totals.neck, s.totals.head], [t.total, t.backbone, t.neck, t.head]);
    assert.deepEqual(checkShapes(cfg).diagnostics.map((d) => d.code), []);
  });
}
