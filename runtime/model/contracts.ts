/**
 * What the detector parts promise each other. Channel counts are type parameters (phantom at
 * run time, checked at compile time): generated code that wires a neck typed
 * `YOLOv5PAFPN<[48, 96, 192], ...>` to a backbone typed `StarNet<[24, 48, 96]>` fails to
 * type-check at that line.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { Module } from '../nn/module.js';

/** Per-level channel counts, e.g. `readonly [48, 96, 192]`. */
export type Channels = readonly number[];

/** Raw head outputs per level, NHWC, channels laid out as PyTorch's (anchor-major). */
export interface HeadOutputs {
  /** [N, H, W, A*numClasses] logits, channel a*nc + c. */
  clsScores: tf.Tensor4D[];
  /**
   * YOLOv5: [N, H, W, A*4] raw box offsets, channel a*4 + k. Point heads (YOLOv8, RTMDet): [N, H,
   * W, 4] distances left, top, right, bottom in stride units (YOLOv8's the DFL expectation).
   */
  bboxPreds: tf.Tensor4D[];
  /** [N, H, W, A] objectness logits (YOLOv5); empty for heads without objectness. */
  objectnesses: tf.Tensor4D[];
  /** YOLOv8: [N, H, W, 4*reg_max] DFL logits, channel side*reg_max + bin (PyTorch's bbox_dist_preds as [N, H*W, 4, reg_max]). */
  bboxDistPreds?: tf.Tensor4D[];
}

/** The test_cfg of a head's predict_by_feat. */
export type { TestCfg } from '../modules/contract.js';

/**
 * Where a head's predictions sit and how they decode: YOLOv5's anchors (YOLOAnchorGenerator +
 * YOLOv5BBoxCoder), or points (MlvlPointGenerator + DistancePointBBoxCoder) for YOLOv8 and RTMDet.
 */
export type PriorSpec =
  | { kind: 'anchors'; strides: readonly number[]; anchors: readonly (readonly number[])[][] }
  | { kind: 'points'; strides: readonly number[]; offset: number; featmapStrides: readonly number[] };

/** A head that predicts: its test_cfg and priors (what predict_by_feat needs besides the outputs). */
export interface PredictingHead {
  readonly testCfg: import('../modules/contract.js').TestCfg;
  readonly priors: PriorSpec;
}

/** The head's predict settings, or a YC7402 naming its class when it has none. */
export function predictingHead(head: object): PredictingHead {
  const h = head as Partial<PredictingHead>;
  if (!h.testCfg || !h.priors) throw new Error(`${head.constructor.name} cannot predict (it has no test_cfg or priors)`);
  return h as PredictingHead;
}

/** A backbone: NHWC image in, one NHWC map per output level. */
export abstract class Backbone<Out extends Channels> extends Module {
  abstract readonly outChannels: Out;
  /** Stride of each output level relative to the input. */
  abstract readonly outStrides: readonly number[];
  abstract forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D[];
}

/** A neck: levels in (channels In), levels out (channels Out). */
export abstract class Neck<In extends Channels, Out extends Channels> extends Module {
  abstract readonly inChannels: In;
  abstract readonly outChannels: Out;
  abstract forward(xs: tf.Tensor4D[], training: boolean): tf.Tensor4D[];
}

/** A dense head: levels in (channels In), raw predictions out. */
export abstract class Head<In extends Channels> extends Module {
  abstract readonly inChannels: In;
  abstract forward(xs: tf.Tensor4D[], training: boolean): HeadOutputs;
}
