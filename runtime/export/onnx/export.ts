/**
 * exportOnnx(detector, options): the eval-mode detector as ONNX bytes. Input `images`
 * [B, 3, H, W] float32 (NCHW, RGB, after the data preprocessor: what `yoloc forward` takes);
 * outputs the raw head maps `cls_scores.L` [B, A*nc, H/s, W/s], `bbox_preds.L` [B, A*4, ..],
 * `objectnesses.L` [B, A, ..] (as `yoloc forward` writes them), or with `end2end` easydeploy's
 * `num_dets`, `boxes`, `scores`, `labels` after in-graph decoding and NonMaxSuppression.
 * B is a number, or the symbol 'batch' with `dynamicBatch`.
 */
import { YolocError } from '../../errors.js';
import type { Channels } from '../../model/contracts.js';
import type { YOLODetector } from '../../model/detector.js';
import { YOLOv5Head } from '../../modules/yolov5_head/module.js';
import { PointHead } from '../../modules/point_head_module.js';
import { Graph, type Dim } from './graph.js';
import { lowerContext } from './lower.js';
import { inferShapes, ShapeError, type ValueType } from './shapes.js';
import { encodeModel, toModelProto } from './proto.js';
import { end2endOutputs } from './end2end.js';
import './modules/index.js';

/** Opsets the exporter writes (Resize's nearest/floor mode needs 11; onnx-proto's IR 8 ends at 17). */
export const OPSET_RANGE = { min: 11, max: 17, default: 13 } as const;

export interface OnnxExportOptions {
  /** [H, W] of the input; multiples of the largest stride. */
  size: [number, number];
  opset?: number;
  /** Symbolic batch dimension 'batch' instead of `batch`. */
  dynamicBatch?: boolean;
  /** Static batch size (default 1) when not dynamic. */
  batch?: number;
  /** Decode + NMS in the graph (easydeploy's end2end outputs). */
  end2end?: boolean;
  /** Recorded in the model's metadata. */
  meta?: Record<string, string>;
  producerVersion?: string;
}

/** The exported model: bytes, plus the graph and inferred types for checks. */
export interface OnnxExport {
  bytes: Uint8Array;
  graph: Graph;
  types: Map<string, ValueType>;
}

/** Names of the raw outputs, in graph order (heads without objectness have none of those). */
export function rawOutputNames(levels: number, objectness = true): string[] {
  return ['cls_scores', 'bbox_preds', ...(objectness ? ['objectnesses'] : [])].flatMap((n) => Array.from({ length: levels }, (_, l) => `${n}.${l}`));
}

/** Names of the end2end outputs (easydeploy's order). */
export const END2END_OUTPUTS = ['num_dets', 'boxes', 'scores', 'labels'] as const;

/** Checks an opset number; returns it. */
export function checkOpset(opset: number | undefined, end2end: boolean): number {
  const v = opset ?? OPSET_RANGE.default;
  if (!Number.isInteger(v) || v < OPSET_RANGE.min || v > OPSET_RANGE.max) {
    const why = v < 10 && end2end ? ' (NonMaxSuppression, which --end2end needs, exists from opset 10; Resize with nearest_mode from 11)'
      : v < 11 ? ' (Resize with nearest_mode floor, the neck\'s upsampling, exists from opset 11)' : ' (onnx-proto 8 writes IR version 8, whose last opset is 17)';
    throw new YolocError('YC7602', `opset ${opset} is not supported${why}`, undefined, `use --opset ${OPSET_RANGE.min}..${OPSET_RANGE.max} (default ${OPSET_RANGE.default})`);
  }
  return v;
}

/** Lowers `model` (eval mode, weights as loaded) to ONNX. */
export async function exportOnnx(model: YOLODetector<Channels, Channels>, o: OnnxExportOptions): Promise<OnnxExport> {
  const end2end = o.end2end ?? false;
  const opset = checkOpset(o.opset, end2end);
  const head = model.bboxHead;
  if (!(head instanceof YOLOv5Head) && !(head instanceof PointHead)) throw new YolocError('YC7601', `model.bbox_head: ${head.constructor.name} has no ONNX converter`);
  if (end2end && !(head instanceof YOLOv5Head)) {
    throw new YolocError('YC7601', `model.bbox_head: --end2end (decode + NMS in the graph) is not implemented for ${head.constructor.name}`, undefined,
      'export the raw head maps (without --end2end); `yoloc infer --onnx` decodes them and runs NMS');
  }
  const hm = head.headModule;
  const [H, W] = o.size;
  const maxStride = Math.max(...hm.featmapStrides);
  if (!(H > 0 && W > 0 && H % maxStride === 0 && W % maxStride === 0)) {
    throw new YolocError('YC7603', `input size ${H}x${W} is not a multiple of the largest stride ${maxStride}`, undefined, `use --size ${Math.max(maxStride, Math.round(H / maxStride) * maxStride)}`);
  }
  const batch: Dim = o.dynamicBatch ? 'batch' : (o.batch ?? 1);
  const g = new Graph(end2end ? 'yoloc_detector_end2end' : 'yoloc_detector', opset);
  try {
    lowerInto(g, model, head, o, batch, end2end);
  } catch (e) {
    g.dispose();
    throw e;
  }
  await g.resolve();
  return finish(g, head, o, end2end);
}

/** Lowers the detector into `g` and declares its outputs. */
function lowerInto(g: Graph, model: YOLODetector<Channels, Channels>, head: YOLOv5Head | PointHead, o: OnnxExportOptions, batch: Dim, end2end: boolean): void {
  const [H, W] = o.size;
  g.inputs.push({ name: 'images', dtype: 'float32', dims: [batch, 3, H, W] });
  const ctx = lowerContext(g, [H, W]);
  const feats = ctx.lower(model.backbone, 'backbone', ['images']);
  const neck = ctx.lower(model.neck, 'neck', feats);
  const maps = ctx.lower(head, 'bbox_head', neck);
  if (head instanceof PointHead) {
    // [cls per level, bbox per level], NCHW already: renamed to the raw output names.
    const n = head.headModule.featmapStrides.length;
    head.headModule.featmapStrides.forEach((s, l) => {
      const [h, w] = [H / s, W / s];
      g.outputs.push({ name: g.op('Identity', `cls_scores.${l}`, [maps[l]!]), dtype: 'float32', dims: [batch, head.headModule.numClasses, h, w] });
    });
    head.headModule.featmapStrides.forEach((s, l) => {
      g.outputs.push({ name: g.op('Identity', `bbox_preds.${l}`, [maps[n + l]!]), dtype: 'float32', dims: [batch, 4, H / s, W / s] });
    });
    return;
  }
  const hm = head.headModule;
  const A = hm.numBasePriors;
  const nc = hm.numClasses;
  const sizes = hm.featmapStrides.map((s) => [H / s, W / s] as [number, number]);
  if (end2end) {
    for (const out of end2endOutputs(g, maps, { batch, size: [H, W], sizes, numClasses: nc, anchors: head.anchors, strides: head.strides, testCfg: head.testCfg })) g.outputs.push(out);
  } else {
    // [B, A*(5+nc), h, w] -> [B, A, 5+nc, h, w] -> slices along 2 -> [B, A*k, h, w], as the runtime's head does.
    const parts = maps.map((m, l) => {
      const [h, w] = sizes[l]!;
      const p5 = g.op('Reshape', `bbox_head.split.${l}.reshape`, [m, g.i64([0, A, 5 + nc, h, w])]);
      const cut = (name: string, from: number, to: number) => {
        const s = g.op('Slice', `bbox_head.split.${l}.${name}`, [p5, g.i64([from]), g.i64([to]), g.i64([2])]);
        return g.op('Reshape', `${name}.${l}`, [s, g.i64([0, A * (to - from), h, w])]);
      };
      return { cls: cut('cls_scores', 5, 5 + nc), box: cut('bbox_preds', 0, 4), obj: cut('objectnesses', 4, 5), h, w };
    });
    for (const [key, k] of [['cls', A * nc], ['box', A * 4], ['obj', A]] as const) {
      for (const p of parts) g.outputs.push({ name: p[key], dtype: 'float32', dims: [batch, k, p.h, p.w] });
    }
  }
}

/** Shape inference, then the protobuf bytes. */
function finish(g: Graph, head: YOLOv5Head | PointHead, o: OnnxExportOptions, end2end: boolean): OnnxExport {
  const nc = head.headModule.numClasses;
  let types: Map<string, ValueType>;
  try {
    types = inferShapes(g);
  } catch (e) {
    if (e instanceof ShapeError) throw new YolocError('YC7604', `the exported graph does not pass shape inference: ${e.message}`, undefined, 'this is a bug in the exporter: please report it with the config');
    throw e;
  }
  const proto = toModelProto(g, types, {
    producerVersion: o.producerVersion ?? '0',
    doc: end2end ? 'yoloc export --end2end: images [B,3,H,W] RGB in [0,1] -> num_dets, boxes (xyxy, input pixels), scores, labels'
      : head instanceof YOLOv5Head ? 'yoloc export: images [B,3,H,W] RGB in [0,1] -> raw head maps cls_scores.L, bbox_preds.L, objectnesses.L (NCHW logits)'
        : 'yoloc export: images [B,3,H,W] RGB in [0,1] -> raw head maps cls_scores.L (logits), bbox_preds.L (distances in stride units), NCHW',
    props: head instanceof YOLOv5Head
      ? { ...(o.meta ?? {}), strides: JSON.stringify(head.strides), anchors: JSON.stringify(head.anchors), num_classes: String(nc) }
      : { ...(o.meta ?? {}), strides: JSON.stringify(head.priors.strides), prior_offset: String((head.priors as { offset: number }).offset), num_classes: String(nc) },
  });
  return { bytes: encodeModel(proto), graph: g, types };
}
