/**
 * mmyolo YOLOv5HeadModule (one 1x1 conv with bias per level, out = A * (5 + nc), laid out per
 * anchor as [x, y, w, h, obj, cls...]) and YOLOv5Head, which holds it under `head_module`
 * with the prior generator's anchors and the test_cfg (decode + NMS: runtime/model/predict.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Conv2d } from '../../nn/conv.js';
import { makeDivisible } from '../scaling.js';
import { Head, type Channels, type HeadOutputs, type PredictingHead, type PriorSpec } from '../../model/contracts.js';
import type { TestCfg } from '../contract.js';
import {
  YOLOV5_DEFAULT_ANCHORS, YOLOV5_HEAD_MODULE_DEFAULTS, YOLOV5_TEST_CFG, yolov5HeadModuleCtorArgs, type YOLOv5HeadModuleCtorArgs,
} from './contract.js';

export type { TestCfg } from '../contract.js';

/** YOLOv5HeadModule arguments; in_channels before widen_factor, as configs write them; the rest defaults as the contract says. */
export type YOLOv5HeadModuleArgs = Pick<YOLOv5HeadModuleCtorArgs, 'numClasses' | 'inChannels'> & Partial<YOLOv5HeadModuleCtorArgs>;

/** YOLOv5HeadModule; In is the scaled channel tuple it expects. */
export class YOLOv5HeadModule<In extends Channels = Channels> extends Head<In> {
  readonly inChannels: In;
  readonly numClasses: number;
  readonly numBasePriors: number;
  readonly featmapStrides: readonly number[];
  readonly convsPred: Conv2d[];

  constructor(args: YOLOv5HeadModuleArgs) {
    super();
    const a = { ...yolov5HeadModuleCtorArgs(YOLOV5_HEAD_MODULE_DEFAULTS), ...args };
    this.numClasses = a.numClasses;
    this.numBasePriors = a.numBasePriors;
    this.featmapStrides = a.featmapStrides;
    const w = a.widenFactor;
    const ic = typeof a.inChannels === 'number'
      ? this.featmapStrides.map(() => a.inChannels as number) : a.inChannels;
    if (ic.length !== this.featmapStrides.length) {
      throw new RangeError(`YOLOv5HeadModule: ${ic.length} in_channels for ${this.featmapStrides.length} featmap_strides`);
    }
    this.inChannels = ic.map((c) => makeDivisible(c, w)) as unknown as In;
    const out = this.numBasePriors * (5 + this.numClasses);
    this.convsPred = this.inChannels.map((c, i) =>
      this.addModule(`convs_pred.${i}`, new Conv2d({ inChannels: c, outChannels: out, kernelSize: 1, bias: true })));
    this.initBiasPrior();
  }

  /** MMYOLO's init_weights: obj bias += log(8 / (640 / s)^2), class bias += log(0.6 / (nc - 0.999999)). */
  initBiasPrior(): void {
    const a = 5 + this.numClasses;
    this.convsPred.forEach((conv, i) => {
      const s = this.featmapStrides[i]!;
      const add = new Float32Array(this.numBasePriors * a);
      for (let p = 0; p < this.numBasePriors; p++) {
        add[p * a + 4] = Math.log(8 / (640 / s) ** 2);
        for (let c = 0; c < this.numClasses; c++) add[p * a + 5 + c] = Math.log(0.6 / (this.numClasses - 0.999999));
      }
      tf.tidy(() => conv.bias!.assign(tf.add(conv.bias!, tf.tensor1d(add))));
    });
  }

  forward(feats: tf.Tensor4D[], training = false): HeadOutputs {
    if (feats.length !== this.convsPred.length) throw new RangeError(`YOLOv5HeadModule: ${feats.length} inputs for ${this.convsPred.length} levels`);
    const res: HeadOutputs = { clsScores: [], bboxPreds: [], objectnesses: [] };
    const A = this.numBasePriors;
    const nc = this.numClasses;
    feats.forEach((x, i) => {
      const p = this.convsPred[i]!.forward(x);
      const [b, h, w] = p.shape;
      // Rank 3 [b*h*w, A, 5+nc] (not 5): the same copies, and every backend's slice and pad
      // (the slice's gradient) take it; tfjs-webgpu's pad shader does not compile at rank 5.
      const p3 = tf.reshape(p, [b * h * w, A, 5 + nc]);
      if (training) {
        // One SplitV: its gradient is one Concat, where three slices' are three pads of the
        // whole map and two adds (the same values; a quarter of the loss's kernel time at 2x320).
        // Eval keeps the slices: the native inference plan writes those ranges in place.
        const [box, obj, cls] = tf.split(p3, [4, 1, nc], 2);
        res.bboxPreds.push(tf.reshape(box!, [b, h, w, A * 4]));
        res.objectnesses.push(tf.reshape(obj!, [b, h, w, A]));
        res.clsScores.push(tf.reshape(cls!, [b, h, w, A * nc]));
        return;
      }
      res.bboxPreds.push(tf.reshape(tf.slice(p3, [0, 0, 0], [b * h * w, A, 4]), [b, h, w, A * 4]));
      res.objectnesses.push(tf.reshape(tf.slice(p3, [0, 0, 4], [b * h * w, A, 1]), [b, h, w, A]));
      res.clsScores.push(tf.reshape(tf.slice(p3, [0, 0, 5], [b * h * w, A, nc]), [b, h, w, A * nc]));
    });
    return res;
  }
}

/** YOLOv5Head: the head module plus its priors and test_cfg. */
export class YOLOv5Head<In extends Channels = Channels> extends Head<In> implements PredictingHead {
  readonly inChannels: In;

  constructor(
    readonly headModule: YOLOv5HeadModule<In>,
    /** prior_generator.base_sizes: per level, per anchor (w, h). */
    readonly anchors: number[][][] = YOLOV5_DEFAULT_ANCHORS,
    /** prior_generator.strides (the configured ones, used for decoding as MMYOLO does). */
    readonly strides: readonly number[] = headModule.featmapStrides,
    readonly testCfg: TestCfg = YOLOV5_TEST_CFG,
  ) {
    super();
    this.addModule('head_module', headModule);
    this.inChannels = headModule.inChannels;
    if (anchors.length !== strides.length || anchors.some((a) => a.length !== headModule.numBasePriors)) {
      throw new RangeError(`YOLOv5Head: anchors must be ${strides.length} levels of ${headModule.numBasePriors} (w, h) pairs`);
    }
  }

  /** YOLOAnchorGenerator priors at the configured strides, decoded by YOLOv5BBoxCoder. */
  get priors(): PriorSpec {
    return { kind: 'anchors', strides: this.strides, anchors: this.anchors };
  }

  forward(feats: tf.Tensor4D[], training = false): HeadOutputs {
    return this.headModule.forward(feats, training);
  }
}
