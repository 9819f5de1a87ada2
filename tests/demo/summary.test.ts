import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoSummary } from '../../cli/demo.js';

test('the end of npm start says where everything is, the metrics, and the commands to go on', () => {
  const text = demoSummary({
    minutes: 9.54, iters: 600, epochs: 25, valImages: 48, config: 'configs/x.py',
    metrics: { 'coco/bbox_mAP': 0.4, 'coco/bbox_mAP_50': 0.71234, 'coco/bbox_mAP_75': 0.4, 'coco/bbox_mAP_s': 0.1, 'coco/bbox_mAP_m': 0.3, 'coco/bbox_mAP_l': 0.5 },
    checkpoint: 'wd/train/epoch_25.safetensors', visDir: 'wd/vis', pictures: 6, curves: 'wd/train/curves.png',
    log: 'wd/train/train.log', scalars: 'wd/train/vis_data/scalars.json', example: 'wd/data/val/val_000000.png',
  });
  assert.match(text, /done in 9\.5 min: 25 epochs, 600 iterations; on 48 validation images/);
  assert.match(text, /coco\/bbox_mAP_50 0\.712 {3}coco\/bbox_mAP 0\.400/);
  for (const where of ['checkpoint  wd/train/epoch_25.safetensors', 'pictures    wd/vis/', 'curves      wd/train/curves.png', 'log         wd/train/train.log']) {
    assert.ok(text.includes(where), where);
  }
  assert.ok(text.includes('yoloc infer configs/x.py --checkpoint wd/train/epoch_25.safetensors -o out wd/data/val/val_000000.png'));
  assert.ok(text.includes('yoloc train configs/starnet/yolov5_starnet_s050_own_data.py'));
  assert.ok(text.includes('yoloc export configs/x.py --weights wd/train/epoch_25.safetensors --format onnx -o model.onnx'));
});
