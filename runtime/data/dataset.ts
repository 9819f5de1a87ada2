/**
 * YOLOv5CocoDataset (MMYOLO): CocoDataset plus BatchShapePolicy. full_init order as MMYOLO:
 * load, batch shapes, filter (filter_empty_gt, min_size; nothing is filtered in test_mode).
 * A sample's randomness comes from Rng(seed, epoch, index) alone, and a sample the pipeline
 * drops is replaced by another index drawn from that stream (MMEngine's _rand_another), so
 * every thread computes the same batch.
 */
import path from 'node:path';
import { YolocError } from '../errors.js';
import { loadCoco, type DataInfo } from './coco.js';
import { applyBatchShapes, type BatchShapeCfg } from './batch-shape.js';
import { buildPipeline } from './pipeline.js';
import { Rng } from './rng.js';
import type { MixSource, PackedSample, Results, SampleStream, Transform, TransformCfg } from './results.js';
import { epochOrder } from './order.js';

/** The dataset dict of a resolved config (train_dataloader.dataset, val_dataloader.dataset). */
export interface DatasetCfg {
  type?: string;
  data_root?: string;
  ann_file: string;
  data_prefix?: { img?: string };
  metainfo?: { classes?: string[] | string };
  filter_cfg?: { filter_empty_gt?: boolean; min_size?: number } | null;
  test_mode?: boolean;
  pipeline?: TransformCfg[];
  batch_shapes_cfg?: (BatchShapeCfg & { type?: string }) | null;
  max_refetch?: number;
}

/** Options beside the config. */
export interface DatasetOptions {
  /** Directory relative paths start from (the working directory by default). */
  baseDir?: string;
  /** Where skip summaries go (console.warn by default). */
  warn?: (msg: string) => void;
  /** PipelineSwitchHook: samples of 0-based epochs >= `epoch` go through `pipeline` instead. */
  switchPipeline?: { epoch: number; pipeline: TransformCfg[] } | null;
}

/** A COCO-format detection dataset with its pipeline. */
export class YOLOv5CocoDataset implements MixSource {
  readonly classes: string[];
  readonly testMode: boolean;
  readonly annFile: string;
  private readonly infos: DataInfo[];
  private readonly pipeline: Transform;
  private readonly stage2: { epoch: number; pipeline: Transform } | null;
  private readonly maxRefetch: number;
  private streamInfo: { seed: number; shuffle: boolean; perEpoch: number } | null = null;
  private readonly orders = new Map<number, number[]>();

  constructor(readonly cfg: DatasetCfg, opts: DatasetOptions = {}) {
    if (cfg.type && !/(^|\.)(YOLOv5CocoDataset|CocoDataset)$/.test(cfg.type)) {
      throw new YolocError('YC7304', `dataset type '${cfg.type}' is not supported (YOLOv5CocoDataset, CocoDataset)`);
    }
    if (typeof cfg.ann_file !== 'string') throw new YolocError('YC7304', "the dataset has no 'ann_file'");
    const base = opts.baseDir ?? process.cwd();
    const root = path.resolve(base, cfg.data_root ?? '');
    this.annFile = path.resolve(root, cfg.ann_file);
    const imgPrefix = path.resolve(root, cfg.data_prefix?.img ?? '');
    const cls = cfg.metainfo?.classes;
    const classes = typeof cls === 'string' ? [cls] : cls;
    const coco = loadCoco(this.annFile, imgPrefix, classes);
    this.classes = coco.classes;
    this.testMode = cfg.test_mode ?? false;
    if (coco.skipped.count) {
      const why = Object.entries(coco.skipped.reasons).map(([k, v]) => `${v} ${k}`).join(', ');
      (opts.warn ?? console.warn)(`${this.annFile}: skipped ${coco.skipped.count} annotations as MMDetection does (${why})`);
    }
    let infos = coco.infos;
    if (cfg.batch_shapes_cfg) infos = applyBatchShapes(infos, cfg.batch_shapes_cfg);
    if (!this.testMode && cfg.filter_cfg) {
      const empty = cfg.filter_cfg.filter_empty_gt ?? false;
      const minSize = cfg.filter_cfg.min_size ?? 0;
      infos = infos.filter((d) => !(empty && !coco.idsWithCat.has(d.img_id)) && Math.min(d.width, d.height) >= minSize);
    }
    if (infos.length === 0) throw new YolocError('YC7305', 'the dataset has no images left after filtering', this.annFile);
    this.infos = infos;
    this.pipeline = buildPipeline(cfg.pipeline ?? []);
    // built up front, so a bad switch_pipeline fails at start, not hundreds of epochs in
    this.stage2 = opts.switchPipeline ? { epoch: opts.switchPipeline.epoch, pipeline: buildPipeline(opts.switchPipeline.pipeline) } : null;
    this.maxRefetch = cfg.max_refetch ?? 1000;
  }

  /** Number of samples. */
  get length(): number {
    return this.infos.length;
  }

  /** A fresh copy of one image's info (Mosaic reads partners through this). */
  getDataInfo(index: number): Results {
    const d = this.infos[index];
    if (!d) throw new YolocError('YC7305', `index ${index} is outside the dataset (${this.infos.length} images)`);
    return { ...d, instances: d.instances.map((i) => ({ ...i, bbox: [...i.bbox] as [number, number, number, number] })), rng: new Rng(0) };
  }

  /** How a loader reads this dataset (set by DataLoader; cached Mosaic/MixUp read earlier positions through it). */
  setStream(info: { seed: number; shuffle: boolean; perEpoch: number }): void {
    this.streamInfo = info;
    this.orders.clear();
  }

  /** The training stream, or null outside a loader. */
  get stream(): SampleStream | null {
    const info = this.streamInfo;
    if (!info) return null;
    return { seed: info.seed, perEpoch: info.perEpoch, inputAt: (pos, stop) => this.inputAt(pos, stop) };
  }

  private pipelineOf(epoch: number): Transform {
    return this.stage2 && epoch >= this.stage2.epoch ? this.stage2.pipeline : this.pipeline;
  }

  /**
   * Runs the pipeline on sample `index` for an epoch; the same (seed, epoch, index) gives the same
   * sample. `pos` is its place in the epoch's reading order (what cached transforms key on).
   */
  prepare(index: number, epoch = 0, seed = 0, pos?: number): PackedSample {
    const rng = new Rng(seed, epoch, index);
    const pipeline = this.pipelineOf(epoch);
    const position = pos !== undefined && this.streamInfo ? epoch * this.streamInfo.perEpoch + pos : undefined;
    const visit = { reached: new Set<Transform>() };
    let idx = index;
    for (let t = 0; t <= this.maxRefetch; t++) {
      const r: Results = { ...this.getDataInfo(idx), rng };
      if (!this.testMode) Object.assign(r, { dataset: this, position, visit });
      const out = pipeline.apply(r);
      if (out) {
        if (!out.packed) throw new YolocError('YC7330', 'the pipeline must end with PackDetInputs');
        return out.packed;
      }
      if (this.testMode) throw new YolocError('YC7306', `the pipeline dropped test sample ${idx}`, this.infos[idx]!.img_path);
      idx = rng.int(0, this.infos.length);
    }
    throw new YolocError('YC7306', `the pipeline dropped ${this.maxRefetch} samples in a row`, this.annFile);
  }

  /** What transform `stop` was given at stream position `pos`: that position's preparation replayed up to it. */
  inputAt(pos: number, stop: Transform): Results {
    const info = this.streamInfo;
    if (!info) throw new YolocError('YC7332', 'a cached transform needs the training loader (no stream is set)');
    const epoch = Math.floor(pos / info.perEpoch);
    let order = this.orders.get(epoch);
    if (!order) {
      if (this.orders.size > 2) this.orders.delete(this.orders.keys().next().value!);
      order = epochOrder(info.seed, this.infos.length, info.shuffle, epoch);
      this.orders.set(epoch, order);
    }
    const index = order[pos - epoch * info.perEpoch]!;
    const rng = new Rng(info.seed, epoch, index);
    const pipeline = this.pipelineOf(epoch);
    const visit = { reached: new Set<Transform>() };
    let idx = index;
    for (let t = 0; t <= this.maxRefetch; t++) {
      const r: Results = { ...this.getDataInfo(idx), rng, dataset: this, position: pos, visit };
      const out = pipeline.applyUntil?.(r, stop);
      if (out === undefined) throw new YolocError('YC7332', `${stop.name} is not a step of the pipeline of epoch ${epoch + 1}`);
      if (out) return out;
      idx = rng.int(0, this.infos.length);
    }
    throw new YolocError('YC7306', `the pipeline dropped ${this.maxRefetch} samples in a row`, this.annFile);
  }
}
