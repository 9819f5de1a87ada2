/** The data pipeline's public API (re-exported by runtime/index.ts). */
export { YOLOv5CocoDataset, type DatasetCfg, type DatasetOptions } from './dataset.js';
export { DataLoader, type LoaderOptions } from './loader.js';
export { collate, type Batch, type PreprocessCfg } from './collate.js';
export { buildPipeline, buildTransform, TRANSFORM_TYPES } from './pipeline.js';
export { loadCoco, type DataInfo, type CocoLoad } from './coco.js';
export { applyBatchShapes, type BatchShapeCfg } from './batch-shape.js';
export { synthDataset, renderScene, SHAPE_CLASSES, type SynthOptions } from './synth.js';
export { readImage, decodeImage, encodePng, encodeJpeg, resizeImage, type Image } from './image.js';
export { Rng } from './rng.js';
export type { Results, Transform, TransformCfg, PackedSample, SampleMeta, Instance } from './results.js';
