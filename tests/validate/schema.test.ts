/** schema/config.schema.json: a valid 2020-12 schema, complete for the runtime, and its generated types in sync. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { generateTypes, SCHEMA_FILE, TYPES_FILE } from '../../schema/generate.js';
import { schemaRegistry } from '../../compiler/validate/index.js';

const RUNTIME = [
  'mmyolo.YOLODetector', 'mmdet.DetDataPreprocessor', 'mmyolo.YOLOv5DetDataPreprocessor', 'mmyolo.StarNet', 'mmyolo.YOLOv5CSPDarknet',
  'mmyolo.YOLOv5PAFPN', 'mmyolo.YOLOv5Head', 'mmyolo.YOLOv5HeadModule', 'mmdet.YOLOAnchorGenerator', 'mmdet.CrossEntropyLoss',
  'mmyolo.IoULoss', 'mmengine.SGD', 'mmengine.OptimWrapper', 'mmyolo.YOLOv5OptimizerConstructor', 'mmyolo.YOLOv5ParamSchedulerHook',
  'mmengine.EMAHook', 'mmyolo.ExpMomentumEMA', 'mmengine.CheckpointHook', 'mmengine.EpochBasedTrainLoop', 'mmengine.ValLoop',
  'mmengine.TestLoop', 'mmyolo.YOLOv5CocoDataset', 'mmyolo.BatchShapePolicy', 'mmdet.CocoMetric', 'mmengine.LoadImageFromFile',
  'mmyolo.LoadAnnotations', 'mmyolo.Mosaic', 'mmyolo.YOLOv5RandomAffine', 'mmdet.Albu', 'albu.Blur', 'albu.MedianBlur', 'albu.ToGray',
  'albu.CLAHE', 'mmyolo.YOLOv5HSVRandomAug', 'mmdet.RandomFlip', 'mmyolo.YOLOv5KeepRatioResize', 'mmyolo.LetterResize',
  'mmdet.PackDetInputs', 'mmengine.DefaultSampler', 'mmengine.nms',
];

test('the schema is a valid draft 2020-12 schema and compiles', () => {
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as { $schema: string };
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  const ajv = new Ajv2020({ strict: false });
  assert.ok(ajv.validateSchema(schema), JSON.stringify(ajv.errors));
  assert.ok(ajv.compile(schema));
});

test('every type the runtime executes is described and marked x-yoloc-runtime', () => {
  const defs = schemaRegistry().schema.$defs;
  for (const key of RUNTIME) {
    assert.ok(defs[key], `missing ${key}`);
    assert.equal(defs[key]!['x-yoloc-runtime'], true, `${key} not marked`);
  }
  const marked = Object.entries(defs).filter(([, d]) => d['x-yoloc-runtime']).map(([k]) => k);
  assert.ok(marked.length >= RUNTIME.length);
  assert.ok(defs['mmyolo.YOLOv6Head'] && !defs['mmyolo.YOLOv6Head']['x-yoloc-runtime'], 'known but not runtime');
});

test('StarNet takes **kwargs and ignores them; YOLOv5PAFPN does not', () => {
  const defs = schemaRegistry().schema.$defs;
  assert.equal(defs['mmyolo.StarNet']!['x-yoloc-kwargs'], 'ignored');
  assert.equal(defs['mmyolo.YOLOv5PAFPN']!.additionalProperties, false);
  assert.deepEqual(Object.keys(defs['mmyolo.StarNet']!.properties ?? {}).filter((k) => !k.startsWith('_') && k !== 'type'),
    ['base_dim', 'out_indices', 'depths', 'mlp_ratio', 'drop_path_rate', 'num_classes']);
});

test('schema/types.generated.ts is what `npm run gen:types` would write (no drift)', async () => {
  const fresh = await generateTypes();
  assert.ok(fresh.includes('export interface YOLOv5PAFPN'));
  assert.equal(fresh, readFileSync(TYPES_FILE, 'utf8'), 'types.generated.ts is stale: run npm run gen:types');
});
