/** validateConfig: one clear diagnostic per problem, with did-you-mean, fix and the right span. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { validateConfig } from '../../compiler/validate/index.js';
import { check, resolveJson, seedLike, VROOT, withValue } from './helpers.js';

const codes = (ds: { code: string }[]): string[] => ds.map((d) => d.code);

test('the seed-shaped config is valid (user variables at top level included)', () => {
  assert.deepEqual(check(seedLike()), []);
});

test('unknown key in a registry type: did you mean, fix, span on the key', () => {
  const cfg = withValue(seedLike(), ['model', 'neck', 'widen_factr'], 0.5);
  const ds = check(withValue(cfg, ['model', 'neck', 'widen_factor'], undefined));
  assert.equal(ds.length, 1);
  const d = ds[0]!;
  assert.equal(d.code, 'YC4002');
  assert.equal(d.severity, 'error');
  assert.equal(d.message, "unknown key 'widen_factr' in model.neck (YOLOv5PAFPN): did you mean 'widen_factor'?");
  assert.equal(d.fix, "rename 'widen_factr' to 'widen_factor'");
  assert.equal(d.path, '/model/neck/widen_factr');
  assert.ok(d.span && d.span.file === path.join(VROOT, 'cfg.json'));
});

test('unknown type names get a suggestion, scoped or not', () => {
  const ds = check(withValue(seedLike(), ['model', 'neck', 'type'], 'YOLOv5PAFPNN'));
  assert.deepEqual(codes(ds), ['YC4001']);
  assert.equal(ds[0]!.message, "unknown type 'YOLOv5PAFPNN' in model.neck: did you mean 'YOLOv5PAFPN'?");
  const scoped = check(withValue(seedLike(), ['train_dataloader', 'dataset', 'pipeline', 6, 'type'], 'mmdet.RandomFlp'));
  assert.match(scoped[0]!.message, /did you mean 'mmdet\.RandomFlip'\?$/);
});

test('StarNet ignores **kwargs: an unknown argument is a warning, num_classes is fine', () => {
  const ds = check(withValue(seedLike(), ['model', 'backbone', 'widen_factor'], 0.5));
  assert.deepEqual(ds.map((d) => [d.code, d.severity]), [['YC4003', 'warning']]);
  assert.match(ds[0]!.message, /'widen_factor' in model\.backbone \(StarNet\) goes to \*\*kwargs, which StarNet ignores/);
});

test('wrong value types name the Python type', () => {
  const ds = check(withValue(seedLike(), ['model', 'neck', 'widen_factor'], '0.5'));
  assert.deepEqual(codes(ds), ['YC4004']);
  assert.equal(ds[0]!.message, 'widen_factor in model.neck (YOLOv5PAFPN) must be a number, got str');
});

test('ranges, choices and required arguments', () => {
  const range = check(withValue(seedLike(), ['model', 'neck', 'widen_factor'], -0.5));
  assert.deepEqual(codes(range), ['YC4005']);
  assert.match(range[0]!.message, /must be > 0, got -0\.5/);
  const choice = check(withValue(seedLike(), ['model', 'bbox_head', 'loss_bbox', 'iou_mode'], 'cio'));
  assert.deepEqual(codes(choice), ['YC4006']);
  assert.match(choice[0]!.message, /got 'cio': did you mean 'ciou'\?/);
  assert.equal(choice[0]!.fix, "set iou_mode to 'ciou'");
  const missing = check(withValue(seedLike(), ['model', 'neck', 'in_channels'], undefined));
  assert.deepEqual(codes(missing), ['YC4007']);
  assert.match(missing[0]!.message, /model\.neck \(YOLOv5PAFPN\) is missing the required argument 'in_channels'/);
});

test('plain dicts with a fixed shape: data loader keys are checked too', () => {
  const ds = check(withValue(seedLike(), ['train_dataloader', 'num_worker'], 2));
  assert.deepEqual(codes(ds), ['YC4002']);
  assert.match(ds[0]!.message, /unknown key 'num_worker' in train_dataloader: did you mean 'num_workers'\?/);
});

test('scopes: foreign packages are skipped, a misspelt scope is an error, albumentations names stay inside Albu', () => {
  const foreign = withValue(seedLike(), ['train_dataloader', 'dataset', 'pipeline', 5], { type: 'mmrotate.RandomRotate', whatever: 1 });
  assert.deepEqual(check(foreign), []);
  const typo = check(withValue(seedLike(), ['train_dataloader', 'dataset', 'pipeline', 5, 'type'], 'mmdett.YOLOXHSVRandomAug'));
  assert.deepEqual(codes(typo), ['YC4008']);
  assert.match(typo[0]!.message, /did you mean 'mmdet\.YOLOXHSVRandomAug'\?/);
  const albu = check(withValue(seedLike(), ['train_dataloader', 'dataset', 'pipeline', 4, 'transforms', 0, 'q'], 0.5));
  assert.deepEqual(codes(albu), ['YC4002']);
  assert.match(albu[0]!.message, /\(Blur\)/);
});

test('the span is the line that set the value, three bases up, with the chain in related', () => {
  const cfg = resolveJson({
    'base3.json': '{\n  "model": {"type": "YOLODetector", "backbone": {"type": "StarNet"}, "neck": {"type": "YOLOv5PAFPN", "in_channels": [1], "out_channels": [1],\n    "deepen_factor": "big"},\n  "bbox_head": {"type": "YOLOv5Head", "head_module": {"type": "YOLOv5HeadModule", "num_classes": 1, "in_channels": [1]}}}\n}',
    'base2.json': { _base_: './base3.json', lr: 1 },
    'base1.json': { _base_: './base2.json', model: { neck: { widen_factor: 0.25 } } },
    'cfg.json': { _base_: './base1.json' },
  });
  const ds = validateConfig(cfg).diagnostics;
  assert.deepEqual(codes(ds), ['YC4004']);
  const d = ds[0]!;
  assert.equal(d.span?.file, path.join(VROOT, 'base3.json'));
  assert.equal(d.span?.line, 3);
  assert.deepEqual(d.related, [{ message: 'inherited through cfg.json -> base1.json -> base2.json -> base3.json' }]);
});

test('optim_wrapper without type is an OptimWrapper; user variables are not registry calls', () => {
  const cfg = withValue(seedLike(), ['optim_wrapper', 'type'], undefined);
  assert.deepEqual(check(withValue(cfg, ['my_pipeline'], [{ type: 'NotAType', x: 1 }])), []);
  const bad = check(withValue(cfg, ['optim_wrapper', 'clip_gard'], { max_norm: 10 }));
  assert.match(bad[0]!.message, /did you mean 'clip_grad'\?/);
});

test('validation is cached: a second run takes milliseconds', () => {
  const cfg = resolveJson({ 'cfg.json': seedLike() });
  validateConfig(cfg);
  const t0 = performance.now();
  for (let i = 0; i < 10; i++) validateConfig(cfg);
  const ms = (performance.now() - t0) / 10;
  assert.ok(ms < 50, `validate took ${ms.toFixed(1)} ms`);
});

test('EMAHook passes its other arguments to the ema_type it builds: checked against that type', () => {
  const ds = check(withValue(seedLike(), ['custom_hooks', 0, 'momentun'], 0.001));
  assert.deepEqual(codes(ds), ['YC4002']);
  assert.match(ds[0]!.message, /unknown key 'momentun' in custom_hooks\[0\] \(EMAHook -> ExpMomentumEMA\): did you mean 'momentum'\?/);
  const range = check(withValue(seedLike(), ['custom_hooks', 0, 'momentum'], 2));
  assert.deepEqual(codes(range), ['YC4005']);
});

test('anyOf alternatives fold into one message', () => {
  const ds = check(withValue(seedLike(), ['custom_hooks'], 5));
  assert.equal(ds.length, 1);
  assert.equal(ds[0]!.code, 'YC4004');
  assert.equal(ds[0]!.message, 'custom_hooks must be a list or tuple or None, got int');
  const loop = check(withValue(seedLike(), ['train_cfg'], 'EpochBasedTrainLoop'));
  assert.deepEqual(loop.map((d) => d.message), ['train_cfg must be a dict or None, got str']);
});

test('a registry-built argument without type is reported (e.g. after _delete_=True)', () => {
  const ds = check(withValue(seedLike(), ['model', 'neck', 'type'], undefined));
  assert.deepEqual(ds.map((d) => [d.code, d.message]), [['YC4007', "model.neck is built by the registry but has no 'type'"]]);
  const pipe = check(withValue(seedLike(), ['train_dataloader', 'dataset', 'pipeline', 5], { prob: 0.5 }));
  assert.deepEqual(pipe.map((d) => d.path), ['/train_dataloader/dataset/pipeline/5']);
});

test('_scope_ picks the registry: LoadAnnotations under mmdet has no mmyolo-only mask2bbox', () => {
  const item = (extra: object): Record<string, unknown> =>
    withValue(seedLike(), ['train_dataloader', 'dataset', 'pipeline', 1], { type: 'LoadAnnotations', with_bbox: true, ...extra });
  assert.deepEqual(check(item({ mask2bbox: true })), []);
  assert.deepEqual(check(item({ _scope_: 'mmdet' })), []);
  const ds = check(item({ _scope_: 'mmdet', mask2bbox: true }));
  assert.deepEqual(ds.map((d) => d.code), ['YC4002']);
  assert.match(ds[0]!.message, /\(LoadAnnotations\)/);
});
