/**
 * buildPipeline: a resolved config's list of transform dicts -> one composed transform.
 * Scope prefixes (`mmdet.RandomFlip`) and `_scope_` keys are understood; an unknown type is
 * a YC7330 listing the ones we have.
 */
import { YolocError } from '../errors.js';
import type { Results, Transform, TransformCfg } from './results.js';
import { loadImageFromFile } from './transforms/load-image.js';
import { loadAnnotations } from './transforms/load-annotations.js';
import { mosaic } from './transforms/mosaic.js';
import { yolov5MixUp } from './transforms/mixup.js';
import { yolov5RandomAffine } from './transforms/random-affine.js';
import { albu } from './transforms/albu.js';
import { yolov5HsvRandomAug } from './transforms/hsv.js';
import { randomFlip } from './transforms/random-flip.js';
import { yolov5KeepRatioResize } from './transforms/keep-ratio-resize.js';
import { letterResize } from './transforms/letter-resize.js';
import { packDetInputs } from './transforms/pack.js';
import { cachedMixUp, cachedMosaic, mmdetCachedMixUp, mmdetCachedMosaic } from './transforms/mix-cache.js';
import { randomResize, resize } from './transforms/resize.js';
import { randomCrop } from './transforms/random-crop.js';
import { yoloxHsvRandomAug } from './transforms/yolox-hsv.js';
import { pad } from './transforms/pad.js';

type Factory = (cfg: Record<string, unknown>, scope: string) => Transform;

const REGISTRY: Record<string, Factory> = {
  LoadImageFromFile: (c) => loadImageFromFile(c),
  LoadAnnotations: (c, scope) => loadAnnotations(c, scope),
  Mosaic: (c) => (c.use_cached === true ? cachedMosaic(c) : mosaic(c, buildPipeline)),
  YOLOv5MixUp: (c) => (c.use_cached === true ? cachedMixUp(c) : yolov5MixUp(c, buildPipeline)),
  CachedMosaic: (c) => mmdetCachedMosaic(c),
  CachedMixUp: (c) => mmdetCachedMixUp(c),
  Resize: (c) => resize(c),
  RandomResize: (c) => randomResize(c),
  RandomCrop: (c) => randomCrop(c),
  YOLOXHSVRandomAug: (c) => yoloxHsvRandomAug(c),
  Pad: (c) => pad(c),
  YOLOv5RandomAffine: (c) => yolov5RandomAffine(c),
  Albu: (c) => albu(c),
  YOLOv5HSVRandomAug: (c) => yolov5HsvRandomAug(c),
  RandomFlip: (c) => randomFlip(c),
  YOLOv5KeepRatioResize: (c) => yolov5KeepRatioResize(c),
  LetterResize: (c) => letterResize(c),
  PackDetInputs: (c) => packDetInputs(c),
};

/** The transform types buildPipeline knows (without scope prefixes). */
export const TRANSFORM_TYPES = Object.keys(REGISTRY);

/** Builds one transform from its config dict. */
export function buildTransform(cfg: TransformCfg): Transform {
  if (!cfg || typeof cfg !== 'object' || typeof cfg.type !== 'string') {
    throw new YolocError('YC7330', `a pipeline entry has no 'type' string: ${JSON.stringify(cfg)}`);
  }
  const dot = cfg.type.lastIndexOf('.');
  const name = dot >= 0 ? cfg.type.slice(dot + 1) : cfg.type;
  const scope = dot >= 0 ? cfg.type.slice(0, dot) : typeof cfg._scope_ === 'string' ? cfg._scope_ : 'mmyolo';
  const factory = REGISTRY[name];
  if (!factory) {
    throw new YolocError('YC7330', `the transform '${cfg.type}' is not supported by the runtime`, undefined,
      `use one of: ${TRANSFORM_TYPES.join(', ')}`);
  }
  return factory(cfg, scope);
}

/** Composes a pipeline; a transform returning null drops the sample (the rest are skipped). */
export function buildPipeline(cfgList: TransformCfg[]): Transform {
  if (!Array.isArray(cfgList)) throw new YolocError('YC7330', 'a pipeline must be a list of transform dicts');
  const steps = cfgList.map(buildTransform);
  return {
    name: 'Compose',
    apply(r: Results): Results | null {
      let cur: Results | null = r;
      for (const t of steps) {
        if (!cur) return null;
        cur = t.apply(cur);
      }
      return cur;
    },
    applyUntil(r: Results, stop: Transform): Results | null | undefined {
      if (!steps.includes(stop)) return undefined;
      let cur: Results | null = r;
      for (const t of steps) {
        if (t === stop || !cur) return cur;
        cur = t.apply(cur);
      }
      return cur;
    },
  };
}
