/**
 * Building detectors: parameter counts equal PyTorch's (fixture manifests), state_dict names
 * and shapes equal the pure module specs the compiler uses (one channel rule for both),
 * config errors are YC7001/YC7002, and mis-wired generic channel types do not compile.
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildDetector, selectBackend, StarNet, YOLODetector, YOLOv5Head, YOLOv5HeadModule, YOLOv5PAFPN, YolocError,
} from '../../runtime/index.js';
import { YOLODetectorSpec } from '../../runtime/modules/contracts.js';
import { resolveConfig } from '../../compiler/resolve.js';
import { FIXTURES, modelJson, YOLOV5N_DIR } from './helpers.js';
import { ROOT } from '../helpers/paths.js';

before(async () => { await selectBackend('cpu', { quiet: true }); });

const counts = (file: string, model: string) =>
  (JSON.parse(readFileSync(file, 'utf8')) as { models: Record<string, { params: Record<string, number> }> }).models[model]!.params;

it('parameter counts equal PyTorch for the StarNet and stock YOLOv5 fixtures', () => {
  for (const [json, manifest, name] of [
    ['yolov5_starnet_s8.model.json', path.join(FIXTURES, 'manifest.json'), 'yolov5_starnet_s8'],
    ['yolov5n.model.json', path.join(YOLOV5N_DIR, 'manifest.json'), 'yolov5n'],
  ] as const) {
    const m = buildDetector(modelJson(json));
    const want = counts(manifest, name);
    assert.deepEqual(
      [m.countParams(), m.backbone.countParams(), m.neck.countParams(), m.bboxHead.countParams()],
      [want.total, want.backbone, want.neck, want.bbox_head], name);
    m.dispose();
  }
});

it('state_dict names and PyTorch shapes equal the module specs (P5, P6, StarNet presets)', () => {
  const p6 = {
    type: 'YOLODetector',
    backbone: { type: 'YOLOv5CSPDarknet', arch: 'P6', deepen_factor: 0.33, widen_factor: 0.25, out_indices: [2, 3, 4, 5] },
    neck: { type: 'YOLOv5PAFPN', deepen_factor: 0.33, widen_factor: 0.25, in_channels: [256, 512, 768, 1024], out_channels: [256, 512, 768, 1024], num_csp_blocks: 3 },
    bbox_head: { type: 'YOLOv5Head', head_module: { type: 'YOLOv5HeadModule', num_classes: 5, in_channels: [256, 512, 768, 1024], widen_factor: 0.25, featmap_strides: [8, 16, 32, 64] },
      prior_generator: { type: 'mmdet.YOLOAnchorGenerator', strides: [8, 16, 32, 64],
        base_sizes: [[[19, 27], [44, 40], [38, 94]], [[96, 68], [86, 152], [180, 137]], [[140, 301], [303, 264], [238, 542]], [[436, 615], [739, 380], [925, 792]]] } },
  };
  const s050 = { ...modelJson('tiny_starnet.model.json'), backbone: { type: 'starnet_s050', out_indices: [1, 2, 3] },
    neck: { type: 'YOLOv5PAFPN', widen_factor: 1, in_channels: [32, 64, 128], num_csp_blocks: 1 },
    bbox_head: { type: 'YOLOv5Head', head_module: { type: 'YOLOv5HeadModule', num_classes: 3, in_channels: [32, 64, 128] } } };
  for (const cfg of [modelJson('yolov5_starnet_s8.model.json'), modelJson('yolov5n.model.json'), p6, s050]) {
    const m = buildDetector(cfg);
    const ours = m.namedParams().map(([k, p]) => `${k} [${p.torchShape}]${p.trainable ? '' : ' buffer'}`);
    const spec = YOLODetectorSpec.parameters(YOLODetectorSpec.parseArgs(cfg)).map((p) => `${p.name} [${p.shape}]${p.buffer ? ' buffer' : ''}`);
    assert.deepEqual([...ours].sort(), [...spec].sort(), String((cfg.backbone as { type: string }).type));
    m.dispose();
  }
});

it('bundled configs resolve and build; stock YOLOv5s has PyTorch\'s 7,235,389 parameters', () => {
  for (const [file, params] of [
    ['configs/yolov5/yolov5_s-v61_syncbn_8xb16-300e_coco.py', 7235389],
    ['configs/starnet/yolov5_starnet_s1_coco_fixed.py', undefined],
  ] as const) {
    const r = resolveConfig(path.join(ROOT, file));
    assert.ok(r.value, `${file} resolves`);
    const m = buildDetector(r.value.data.model as Record<string, unknown>);
    if (params !== undefined) assert.equal(m.countParams(), params, file);
    assert.deepEqual(m.neck.inChannels, m.backbone.outChannels, file);
    m.dispose();
  }  // The seed config's IoULoss(focal=True) is a schema error in check (YC4002): the runtime refuses it too.
  const seed = resolveConfig(path.join(ROOT, 'configs/starnet/yolov5_starnet_s1_coco.py')).value!.data.model as Record<string, unknown>;
  assert.throws(() => buildDetector(seed), (e: unknown) => e instanceof YolocError && e.code === 'YC7002' && /loss_bbox: IoULoss\.focal is not honoured/.test(e.message));
});

it('types without a runtime implementation are YC7001, bad arguments YC7002 with the config path', () => {
  const base = modelJson('yolov5_starnet_s8.model.json');
  const withBackbone = (b: object) => ({ ...base, backbone: b });
  const is = (code: string, re: RegExp) => (e: unknown) => e instanceof YolocError && e.code === code && re.test(e.message);
  assert.throws(() => buildDetector(withBackbone({ type: 'mmdet.ResNet', depth: 50 })), is('YC7001', /model\.backbone\.type 'mmdet\.ResNet'/));
  assert.throws(() => buildDetector(withBackbone({ type: 'StarNet', base_dim: '24' })), is('YC7002', /model\.backbone\.base_dim must be a number/));
  assert.throws(() => buildDetector(withBackbone({ type: 'StarNet', out_indices: [1, 2, 9] })), is('YC7002', /out_indices: 9/));
  assert.throws(() => buildDetector(withBackbone({ type: 'StarNet', base_dim: 24, depths: [1, 2, 6, 2], widen: 2 })), is('YC7002', /model\.backbone: StarNet\.widen is not honoured by the yoloc runtime/));
  // The seed blog's StarNet (out_indices 0,1,2: 24/48/96 channels) with this neck (48/96/192).
  assert.throws(() => buildDetector(withBackbone({ type: 'StarNet', base_dim: 24, depths: [1, 2, 6, 2], out_indices: [0, 1, 2] })),
    is('YC7002', /neck expects channels \[48,96,192\] but the backbone gives \[24,48,96\]/));
  assert.throws(() => buildDetector({ ...base, neck: { ...(base.neck as object), act_cfg: { type: 'ReLU' } } }), is('YC7001', /act_cfg type 'ReLU'/));
});

it("keys the runtime does not honour are refused with check's message (one list: runtime/modules/honoured.ts)", () => {
  const base = modelJson('yolov5_starnet_s8.model.json');
  const is = (re: RegExp) => (e: unknown) => e instanceof YolocError && e.code === 'YC7002' && re.test(e.message);
  const darknet = { type: 'YOLOv5CSPDarknet', deepen_factor: 0.33, widen_factor: 0.25 };
  assert.throws(() => buildDetector({ ...base, backbone: { ...darknet, plugins: [{ stages: [true] }] } }),
    is(/model\.backbone: YOLOv5CSPDarknet\.plugins=\[dict\(stages=\[True\]\)\] is not implemented by the yoloc runtime/));
  assert.throws(() => buildDetector({ ...base, neck: { ...(base.neck as object), upsample_feats_cat_first: false } }), is(/YOLOv5PAFPN\.upsample_feats_cat_first=False is not implemented/));
  // freeze_all (mmyolo BaseYOLONeck) is honoured: the whole neck gets no gradients, nothing else is frozen.
  const frozen = buildDetector({ ...base, neck: { ...(base.neck as object), freeze_all: true } });
  const noGrad = frozen.namedParams().filter(([, p]) => p.trainable && !p.requiresGrad).map(([k]) => k);
  assert.ok(noGrad.length > 0 && noGrad.every((k) => k.startsWith('neck.')));
  assert.equal(noGrad.length, frozen.namedParams().filter(([k, p]) => p.trainable && k.startsWith('neck.')).length);
  frozen.dispose();
  assert.throws(() => buildDetector({ ...base, backbone: { ...darknet, frozen_stages: 5 } }), is(/frozen_stages: 5 is not in -1\.\.4/));
  assert.throws(() => buildDetector({ ...base, backbone: { ...darknet, norm_eval: 1 } }), is(/norm_eval must be True or False/));
  const head = base.bbox_head as Record<string, unknown>;
  assert.throws(() => buildDetector({ ...base, bbox_head: { ...head, loss_bbox: { type: 'mmdet.IoULoss', mode: 'log' } } }),
    is(/loss_bbox type 'mmdet\.IoULoss' is not implemented by the yoloc runtime \(it computes mmyolo\.IoULoss\)/));
  assert.throws(() => buildDetector({ ...base, bbox_head: { ...head, loss_cls: { type: 'mmdet.CrossEntropyLoss', loss_weight: 1 } } }),
    is(/loss_cls: CrossEntropyLoss\.use_sigmoid=False \(its default\) is not implemented/));
});

it('generic channel types reject mis-wired parts at compile time', () => {
  const backbone = new StarNet<readonly [24, 48, 96]>({ baseDim: 24, depths: [1, 1, 1, 1], outIndices: [0, 1, 2] });
  const neck = new YOLOv5PAFPN<readonly [48, 96, 192]>({ inChannels: [96, 192, 384], widenFactor: 0.5, numCspBlocks: 1 });
  const head = new YOLOv5Head(new YOLOv5HeadModule<readonly [48, 96, 192]>({ numClasses: 2, inChannels: [96, 192, 384], widenFactor: 0.5 }));
  // tsc (npm test's typecheck) fails if this line stops being a type error.
  // @ts-expect-error: neck In [48, 96, 192] is not the backbone's Out [24, 48, 96]
  assert.throws(() => new YOLODetector(backbone, neck, head), /neck expects channels/);
  const good = new StarNet<readonly [48, 96, 192]>({ baseDim: 24, depths: [1, 1, 1, 1], outIndices: [1, 2, 3] });
  const ok = new YOLODetector(good, neck, head);
  assert.deepEqual(ok.backbone.outChannels, [48, 96, 192]);
  for (const m of [backbone, ok]) m.dispose();
});
