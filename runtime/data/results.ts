/**
 * The results dict the transforms pass along, with MMDetection's key names so a transform
 * here reads like its Python original. Boxes are flat float32 [N*4] xyxy rows.
 */
import type { Image } from './image.js';
import type { Rng } from './rng.js';

/** One annotation as CocoDataset.parse_data_info keeps it. */
export interface Instance {
  bbox: [number, number, number, number];
  bbox_label: number;
  ignore_flag: 0 | 1;
}

/** What Mosaic needs of a dataset: its size and fresh per-index infos. */
export interface MixSource {
  readonly length: number;
  getDataInfo(index: number): Results;
  /** The training stream, when the dataset is read by a loader (cached Mosaic/MixUp need it). */
  readonly stream?: SampleStream | null;
}

/**
 * The order a loader reads a dataset in, as positions over the whole run (epoch * perEpoch +
 * place in the epoch's order), and the inputs any transform saw at any position: MMYOLO's
 * cached Mosaic/MixUp keep earlier samples, and here an earlier sample is recomputed from its
 * position (or remembered), so every worker and a resumed run agree.
 */
export interface SampleStream {
  readonly seed: number;
  /** Samples read per epoch (a dropped last partial batch excluded). */
  readonly perEpoch: number;
  /** What transform `stop` was given at stream position `pos` (the pipeline replayed up to it). */
  inputAt(pos: number, stop: Transform): Results;
}

/** The per-sample dict flowing through a pipeline. */
export interface Results {
  img_path: string;
  img_id: number;
  height: number;
  width: number;
  instances: Instance[];
  /** The sample's random stream: every random choice of every transform draws from it. */
  rng: Rng;
  img?: Image;
  ori_shape?: [number, number];
  img_shape?: [number, number];
  gt_bboxes?: Float32Array;
  gt_bboxes_labels?: Int32Array;
  gt_ignore_flags?: Uint8Array;
  scale_factor?: [number, number];
  pad_param?: Float32Array;
  flip?: boolean;
  flip_direction?: string | null;
  batch_shape?: [number, number];
  dataset?: MixSource;
  /** The sample's position in the loader's stream (see SampleStream); absent outside a loader. */
  position?: number;
  /** Shared by the attempts (refetches) of one preparation of a position: which transforms an
   * attempt has reached (a cached transform keeps the first input it was given there). */
  visit?: { reached: Set<Transform> };
  /** Set by PackDetInputs: what the loader batches. */
  packed?: PackedSample;
  /** Pass-through for keys we do not model. */
  extra?: Record<string, unknown>;
}

/** A sample ready to batch: CHW uint8 BGR image, boxes split into kept and ignored, metadata. */
export interface PackedSample {
  /** CHW, uint8, BGR (the model's preprocessor converts to RGB floats). */
  img: Uint8Array;
  h: number;
  w: number;
  gt_bboxes: Float32Array;
  gt_labels: Int32Array;
  ignored_bboxes: Float32Array;
  ignored_labels: Int32Array;
  meta: SampleMeta;
}

/** The metadata PackDetInputs keeps (its meta_keys), as JSON-friendly values. */
export interface SampleMeta {
  img_id?: number;
  img_path?: string;
  ori_shape?: [number, number];
  img_shape?: [number, number];
  scale_factor?: [number, number];
  pad_param?: number[];
  flip?: boolean;
  flip_direction?: string | null;
  batch_shape?: [number, number];
}

/** A transform: returns the (possibly new) results, or null to drop the sample (MMEngine's None). */
export interface Transform {
  readonly name: string;
  apply(results: Results): Results | null;
  /** A composed pipeline's run up to (not including) `stop`: its input there, null if dropped
   * before, undefined when `stop` is not one of its steps. */
  applyUntil?(results: Results, stop: Transform): Results | null | undefined;
}

/** Pipeline config entry: a `type` and its arguments, as the resolved config holds them. */
export type TransformCfg = { type: string } & Record<string, unknown>;
