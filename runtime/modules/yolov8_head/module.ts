/** mmyolo YOLOv8HeadModule and YOLOv8Head (runtime/modules/yolov8_head/contract.ts says what they build). */
import * as tf from '@tensorflow/tfjs-core';
import { Sequential } from '../../nn/module.js';
import { Conv2d } from '../../nn/conv.js';
import { dflExpectation } from '../../nn/dfl.js';
import { makeDivisible } from '../scaling.js';
import { ConvModule } from '../conv_module.js';
import { Head, type Channels, type HeadOutputs } from '../../model/contracts.js';
import { PointHead } from '../point_head_module.js';
import type { PointHeadCtorArgs } from '../point_head.js';
import {
  YOLOV8_HEAD_MODULE_DEFAULTS, yolov8BranchChannels, yolov8HeadModuleCtorArgs, type YOLOv8HeadModuleCtorArgs,
} from './contract.js';

/** YOLOv8HeadModule arguments; in_channels before widen_factor; the rest defaults as the contract says. */
export type YOLOv8HeadModuleArgs = Pick<YOLOv8HeadModuleCtorArgs, 'numClasses' | 'inChannels'> & Partial<YOLOv8HeadModuleCtorArgs>;

/** YOLOv8HeadModule; In is the scaled channel tuple it expects. */
export class YOLOv8HeadModule<In extends Channels = Channels> extends Head<In> {
  readonly inChannels: In;
  readonly numClasses: number;
  readonly regMax: number;
  readonly featmapStrides: readonly number[];
  readonly clsPreds: Sequential[];
  readonly regPreds: Sequential[];

  constructor(args: YOLOv8HeadModuleArgs) {
    super();
    const a = { ...yolov8HeadModuleCtorArgs(YOLOV8_HEAD_MODULE_DEFAULTS), ...args };
    this.numClasses = a.numClasses;
    this.regMax = a.regMax;
    this.featmapStrides = a.featmapStrides;
    const n = this.featmapStrides.length;
    if (a.inChannels.length < n) throw new RangeError(`YOLOv8HeadModule: ${a.inChannels.length} in_channels for ${n} featmap_strides`);
    const ic = a.inChannels.slice(0, n).map((c) => makeDivisible(c, a.widenFactor));
    this.inChannels = ic as unknown as In;
    const { reg, cls } = yolov8BranchChannels(ic[0]!, a.regMax, a.numClasses);
    const branch = (c: number, mid: number, out: number) => new Sequential([
      new ConvModule(c, mid, 3, 1, 1, a.norm), new ConvModule(mid, mid, 3, 1, 1, a.norm),
      new Conv2d({ inChannels: mid, outChannels: out, kernelSize: 1, bias: true }),
    ]);
    // PyTorch registers cls_preds before reg_preds (the state_dict lists every cls level first).
    this.clsPreds = ic.map((c, i) => this.addModule(`cls_preds.${i}`, branch(c, cls, this.numClasses)));
    this.regPreds = ic.map((c, i) => this.addModule(`reg_preds.${i}`, branch(c, reg, 4 * this.regMax)));
    this.initBiases();
  }

  /** MMYOLO's init_weights: reg bias 1.0; cls bias log(5 / nc / (640 / s)^2). */
  initBiases(): void {
    tf.tidy(() => this.featmapStrides.forEach((s, i) => {
      (this.regPreds[i]!.layers[2] as Conv2d).bias!.assign(tf.fill([4 * this.regMax], 1.0));
      (this.clsPreds[i]!.layers[2] as Conv2d).bias!.assign(tf.fill([this.numClasses], Math.log(5 / this.numClasses / (640 / s) ** 2)));
    }));
  }

  forward(feats: tf.Tensor4D[], training: boolean): HeadOutputs {
    if (feats.length !== this.clsPreds.length) throw new RangeError(`YOLOv8HeadModule: ${feats.length} inputs for ${this.clsPreds.length} levels`);
    const res: HeadOutputs = { clsScores: [], bboxPreds: [], objectnesses: [], bboxDistPreds: [] };
    feats.forEach((x, i) => {
      res.clsScores.push(this.clsPreds[i]!.forward(x, training));
      const dist = this.regPreds[i]!.forward(x, training);
      res.bboxDistPreds!.push(dist);
      res.bboxPreds.push(this.regMax > 1 ? dflExpectation(dist, this.regMax) : dist);
    });
    return res;
  }
}

/** YOLOv8Head: the head module plus its point priors and test_cfg. */
export class YOLOv8Head<In extends Channels = Channels> extends PointHead<In> {
  constructor(headModule: YOLOv8HeadModule<In>, o: PointHeadCtorArgs) {
    super(headModule, o);
  }
}
