/**
 * YOLOv8 and RTMDet end to end at tiny scale: a config compiles (and its emitted model.ts
 * type-checks and builds the engine's parameters), `yoloc forward` writes the raw maps (YOLOv8's
 * DFL logits included), `infer` decodes and runs NMS on images with an MMEngine checkpoint, the
 * same detections through onnxruntime (the ONNX export), and `test` scores a synthetic set.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileConfig, createEmitProject } from '../../compiler/emit/index.js';
import { hasErrors } from '../../compiler/diagnostics/types.js';
import { resolveConfig } from '../../compiler/resolve.js';
import { writeEmitted } from '../../cli/compile.js';
import { buildDetector, infer, readSafetensors, selectBackend, synthDataset, test as runTest } from '../../runtime/index.js';
import { ROOT } from '../helpers/paths.js';

const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-anchor-free-'));
const FIX = path.join(ROOT, 'tests/fixtures/anchor_free');
const data = path.join(dir, 'data') + '/';

/** A 64 px, 3-class config of `kind` whose model is gen.py's mini variant (the .pth fixture's). */
function writeConfig(kind: 'yolov8' | 'rtmdet'): string {
  const model = kind === 'yolov8' ? `
model = dict(
    type='YOLODetector',
    data_preprocessor=dict(type='YOLOv5DetDataPreprocessor', mean=[0., 0., 0.], std=[255., 255., 255.], bgr_to_rgb=True),
    backbone=dict(type='YOLOv8CSPDarknet', arch='P5', last_stage_out_channels=256, deepen_factor=0.33, widen_factor=0.0625,
                  norm_cfg=norm_cfg, act_cfg=dict(type='SiLU', inplace=True)),
    neck=dict(type='YOLOv8PAFPN', deepen_factor=0.33, widen_factor=0.0625, in_channels=[256, 512, 256],
              out_channels=[256, 512, 256], num_csp_blocks=3, norm_cfg=norm_cfg, act_cfg=dict(type='SiLU', inplace=True)),
    bbox_head=dict(
        type='YOLOv8Head',
        head_module=dict(type='YOLOv8HeadModule', num_classes=num_classes, in_channels=[256, 512, 256], widen_factor=0.0625,
                         reg_max=16, norm_cfg=norm_cfg, act_cfg=dict(type='SiLU', inplace=True), featmap_strides=[8, 16, 32]),
        prior_generator=dict(type='mmdet.MlvlPointGenerator', offset=0.5, strides=[8, 16, 32]),
        bbox_coder=dict(type='DistancePointBBoxCoder')),
    test_cfg=dict(multi_label=True, nms_pre=30000, score_thr=0.001, nms=dict(type='nms', iou_threshold=0.7), max_per_img=300))` : `
model = dict(
    type='YOLODetector',
    data_preprocessor=dict(type='YOLOv5DetDataPreprocessor', mean=[103.53, 116.28, 123.675], std=[57.375, 57.12, 58.395],
                           bgr_to_rgb=False),
    backbone=dict(type='CSPNeXt', arch='P5', expand_ratio=0.5, deepen_factor=0.167, widen_factor=0.0625,
                  channel_attention=True, norm_cfg=norm_cfg, act_cfg=dict(type='SiLU', inplace=True)),
    neck=dict(type='CSPNeXtPAFPN', deepen_factor=0.167, widen_factor=0.0625, in_channels=[256, 512, 1024], out_channels=256,
              num_csp_blocks=3, expand_ratio=0.5, norm_cfg=norm_cfg, act_cfg=dict(type='SiLU', inplace=True)),
    bbox_head=dict(
        type='RTMDetHead',
        head_module=dict(type='RTMDetSepBNHeadModule', num_classes=num_classes, in_channels=256, stacked_convs=2,
                         feat_channels=256, norm_cfg=norm_cfg, act_cfg=dict(type='SiLU', inplace=True), share_conv=True,
                         pred_kernel_size=1, featmap_strides=[8, 16, 32], widen_factor=0.0625),
        prior_generator=dict(type='mmdet.MlvlPointGenerator', offset=0, strides=[8, 16, 32]),
        bbox_coder=dict(type='DistancePointBBoxCoder')),
    test_cfg=dict(multi_label=True, nms_pre=30000, score_thr=0.001, nms=dict(type='nms', iou_threshold=0.65), max_per_img=300))`;
  const norm = kind === 'yolov8' ? "dict(type='BN', momentum=0.03, eps=0.001)" : "dict(type='BN')";
  const file = path.join(dir, `${kind}_mini.py`);
  writeFileSync(file, `# ${kind} at 64 px over a synthetic 3-class set (written for this test).
data_root = ${JSON.stringify(data)}
num_classes = 3
img_scale = (64, 64)
norm_cfg = ${norm}${model}
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='YOLOv5KeepRatioResize', scale=img_scale),
    dict(type='LetterResize', scale=img_scale, allow_scale_up=False, pad_val=dict(img=114)),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='mmdet.PackDetInputs', meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor', 'pad_param'))
]
val_dataloader = dict(batch_size=2, num_workers=0, persistent_workers=False, drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='YOLOv5CocoDataset', data_root=data_root, ann_file='annotations/instances_val.json',
                 data_prefix=dict(img='val/'), metainfo=dict(classes=('circle', 'square', 'triangle')), test_mode=True,
                 pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(type='mmdet.CocoMetric', ann_file=data_root + 'annotations/instances_val.json', metric='bbox')
test_evaluator = val_evaluator
`);
  return file;
}

before(async () => {
  synthDataset({ out: data, train: 1, val: 3, classes: 3, size: 64, seed: 3 });
  await selectBackend('cpu', { quiet: true });
});

test('a YOLOv8 config compiles: model.ts type-checks and builds the engine\'s parameters', async () => {
  const file = writeConfig('yolov8');
  const out = path.join(dir, 'yolov8_gen');
  const r = compileConfig(file, { project: createEmitProject(), outDir: out });
  assert.ok(r.value && !hasErrors(r.diagnostics), r.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  writeEmitted(r.value);
  const model = r.value.files.get('model.ts')!;
  assert.match(model, /new YOLOv8Head<\[16, 32, 16\]>\(\n {4}headModule,\n {4}\{\n {6}priorOffset: 0\.5,/);
  const { buildModel } = await import(path.join(out, 'model.ts')) as { buildModel: () => ReturnType<typeof buildDetector> };
  const typed = buildModel();
  const engine = buildDetector(r.value.config.data.model as Record<string, unknown>);
  const shapes = (m: typeof engine) => m.namedParams().map(([k, p]) => `${k} [${p.torchShape}]`);
  assert.deepEqual(shapes(typed), shapes(engine));
  typed.dispose();
  engine.dispose();
});

test('yoloc forward writes YOLOv8\'s raw maps: cls_scores, bbox_preds and the DFL logits bbox_dist_preds', () => {
  const fx = readSafetensors(path.join(FIX, 'yolov8_mini.out_64.safetensors'));
  const input = path.join(dir, 'input64.safetensors');
  // The fixture's input, alone under the name forward reads.
  writeFileSync(input, readFileSync(path.join(FIX, 'yolov8_mini.out_64.safetensors'))); // a safetensors file that holds 'input'
  const out = path.join(dir, 'fwd.safetensors');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/yoloc.js'), 'forward', writeConfig('yolov8'), '--weights', path.join(FIX, 'yolov8_mini.pth'),
    '--input', input, '-o', out, '--backend', 'cpu'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const got = readSafetensors(out);
  assert.deepEqual([...got.keys()].sort(), [...fx.keys()].filter((k) => k !== 'input').sort());
  for (const [k, v] of got) {
    const want = fx.get(k)!;
    assert.deepEqual(v.shape, want.shape, k);
    let max = 0;
    for (let i = 0; i < v.data.length; i++) max = Math.max(max, Math.abs((v.data as Float32Array)[i]! - (want.data as Float32Array)[i]!));
    assert.ok(max < 1e-4, `${k}: ${max}`);
  }
});

for (const kind of ['yolov8', 'rtmdet'] as const) {
  test(`${kind}: infer draws decoded, NMSed detections; onnxruntime gives the same; test scores the set`, async () => {
    const file = writeConfig(kind);
    const cfg = resolveConfig(file).value!.data as Record<string, unknown>;
    const checkpoint = path.join(FIX, `${kind}_mini.pth`);
    const images = readdirSync(path.join(data, 'val')).sort().map((f) => path.join(data, 'val', f));
    const tfjs = await infer({ config: cfg, checkpoint, images, outDir: path.join(dir, `${kind}_vis`) });
    assert.equal(tfjs.pictures.length, images.length);
    assert.ok(tfjs.results.length > 0 && tfjs.results.length <= 300 * images.length);
    for (const d of tfjs.detections) {
      for (let j = 0; j < d.scores.length; j++) {
        assert.ok(d.scores[j]! > 0.001 && d.labels[j]! >= 0 && d.labels[j]! < 3);
        for (let k = 0; k < 4; k++) assert.ok(d.bboxes[j * 4 + k]! >= 0 && d.bboxes[j * 4 + k]! <= 64);
        if (j > 0) assert.ok(d.scores[j]! <= d.scores[j - 1]!, 'best first');
      }
    }
    const ort = await infer({ config: cfg, checkpoint, images, outDir: path.join(dir, `${kind}_vis_ort`), engine: 'onnxruntime' });
    assert.equal(ort.results.length, tfjs.results.length);
    ort.results.forEach((r, i) => {
      const t = tfjs.results[i]!;
      assert.equal(r.category_id, t.category_id);
      assert.ok(Math.abs(r.score - t.score) < 1e-4 && r.bbox.every((v, k) => Math.abs(v - t.bbox[k]!) < 1e-2), JSON.stringify([r, t]));
    });
    const { metrics } = await runTest({ config: cfg, checkpoint });
    assert.ok(Number.isFinite(metrics['coco/bbox_mAP']!) && metrics['coco/bbox_mAP']! >= 0, JSON.stringify(metrics));
  });
}
