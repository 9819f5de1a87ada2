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
  /** [N, H, W, A*4] raw box offsets, channel a*4 + k. */
  bboxPreds: tf.Tensor4D[];
  /** [N, H, W, A] objectness logits. */
  objectnesses: tf.Tensor4D[];
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
