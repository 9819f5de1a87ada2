/**
 * mmyolo YOLODetector: backbone -> neck -> bbox_head, state_dict keys under `backbone.`,
 * `neck.` and `bbox_head.`. Works in NHWC; forwardNCHW converts at the edges for callers that
 * speak PyTorch's layout. The type parameters tie the parts together: the neck must accept
 * the backbone's channels and the head the neck's.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Module, type ForwardOptions } from '../nn/module.js';
import { BatchNorm2d, applyBatchNormUpdates } from '../nn/batchnorm.js';
import type { Backbone, Channels, Head, HeadOutputs, Neck } from './contracts.js';

/** Head outputs plus the intermediate features (for parity checks and debugging). */
export interface DetectorFeatures extends HeadOutputs {
  backbone: tf.Tensor4D[];
  neck: tf.Tensor4D[];
}

/** YOLODetector; B = backbone out = neck in, N = neck out = head in. */
export class YOLODetector<B extends Channels = Channels, N extends Channels = Channels> extends Module {
  /** Default mode of forward() when options do not say; train() / eval() switch it. */
  training = false;

  constructor(
    readonly backbone: Backbone<B>,
    readonly neck: Neck<NoInfer<B>, N>,
    readonly bboxHead: Head<NoInfer<N>>,
  ) {
    super();
    this.addModule('backbone', backbone);
    this.addModule('neck', neck);
    this.addModule('bbox_head', bboxHead);
    const same = (a: Channels, b: Channels) => a.length === b.length && a.every((c, i) => c === b[i]);
    if (!same(backbone.outChannels, neck.inChannels)) {
      throw new RangeError(`neck expects channels [${neck.inChannels}] but the backbone gives [${backbone.outChannels}]`);
    }
    if (!same(neck.outChannels, bboxHead.inChannels)) {
      throw new RangeError(`head expects channels [${bboxHead.inChannels}] but the neck gives [${neck.outChannels}]`);
    }
  }

  /** Sets the default mode to training (BatchNorm uses batch statistics). */
  train(on = true): this {
    this.training = on;
    return this;
  }

  /** Sets the default mode to evaluation. */
  eval(): this {
    return this.train(false);
  }

  /** NHWC input [N, H, W, 3] -> raw head outputs (NHWC). Usable inside tf.variableGrads. */
  forward(x: tf.Tensor4D, opts: ForwardOptions = {}): HeadOutputs {
    const { clsScores, bboxPreds, objectnesses, bboxDistPreds } = this.forwardFeatures(x, opts);
    return bboxDistPreds ? { clsScores, bboxPreds, objectnesses, bboxDistPreds } : { clsScores, bboxPreds, objectnesses };
  }

  /** Like forward(), also returning backbone and neck features. */
  forwardFeatures(x: tf.Tensor4D, opts: ForwardOptions = {}): DetectorFeatures {
    const training = opts.training ?? this.training;
    const backbone = this.backbone.forward(x, training);
    const neck = this.neck.forward(backbone, training);
    return { ...this.bboxHead.forward(neck, training), backbone, neck };
  }

  /** Every BatchNorm in the model. */
  batchNorms(): BatchNorm2d[] {
    return this.modules().filter((m): m is BatchNorm2d => m instanceof BatchNorm2d);
  }

  /** Applies the running-statistics updates queued by training forwards; call after each step. */
  applyBatchNormUpdates(): void {
    applyBatchNormUpdates(this.batchNorms());
  }

  /** Drops queued running-statistics updates (for a step that was abandoned). */
  discardBatchNormUpdates(): void {
    for (const bn of this.batchNorms()) bn.discardUpdates();
  }
}

/** NCHW -> NHWC. */
export function toNHWC(x: tf.Tensor4D): tf.Tensor4D {
  return tf.transpose(x, [0, 2, 3, 1]);
}

/** NHWC -> NCHW. */
export function toNCHW(x: tf.Tensor4D): tf.Tensor4D {
  return tf.transpose(x, [0, 3, 1, 2]);
}
