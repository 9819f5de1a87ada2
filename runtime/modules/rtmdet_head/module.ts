/** mmyolo RTMDetSepBNHeadModule and RTMDetHead (runtime/modules/rtmdet_head/contract.ts says what they build). */
import * as tf from '@tensorflow/tfjs-core';
import { Conv2d } from '../../nn/conv.js';
import { normal } from '../../nn/init.js';
import { ConvModule } from '../conv_module.js';
import { Head, type Channels, type HeadOutputs } from '../../model/contracts.js';
import { PointHead } from '../point_head_module.js';
import type { PointHeadCtorArgs } from '../point_head.js';
import { RTMDET_HEAD_MODULE_DEFAULTS, rtmdetHeadModuleCtorArgs, type RTMDetSepBNHeadModuleCtorArgs } from './contract.js';

/** RTMDetSepBNHeadModule arguments; in_channels before widen_factor; the rest defaults as the contract says. */
export type RTMDetSepBNHeadModuleArgs = Pick<RTMDetSepBNHeadModuleCtorArgs, 'numClasses' | 'inChannels'> & Partial<RTMDetSepBNHeadModuleCtorArgs>;

/** RTMDetSepBNHeadModule; In is the scaled channel tuple it expects (one value per level). */
export class RTMDetSepBNHeadModule<In extends Channels = Channels> extends Head<In> {
  readonly inChannels: In;
  readonly numClasses: number;
  readonly featmapStrides: readonly number[];
  readonly clsConvs: ConvModule[][];
  readonly regConvs: ConvModule[][];
  readonly rtmCls: Conv2d[];
  readonly rtmReg: Conv2d[];

  constructor(args: RTMDetSepBNHeadModuleArgs) {
    super();
    const a = { ...rtmdetHeadModuleCtorArgs(RTMDET_HEAD_MODULE_DEFAULTS), ...args };
    this.numClasses = a.numClasses;
    this.featmapStrides = a.featmapStrides;
    const cin = Math.trunc(a.inChannels * a.widenFactor);
    const feat = Math.trunc(a.featChannels * a.widenFactor);
    const levels = this.featmapStrides.map((_, l) => l);
    this.inChannels = levels.map(() => cin) as unknown as In;
    const stack = (name: string) => levels.map((l) => Array.from({ length: a.stackedConvs }, (_, i) =>
      this.addModule(`${name}.${l}.${i}`, new ConvModule(i === 0 ? cin : feat, feat, 3, 1, 1, a.norm))));
    // PyTorch's registration order: cls_convs, reg_convs, rtm_cls, rtm_reg (each over all levels).
    this.clsConvs = stack('cls_convs');
    this.regConvs = stack('reg_convs');
    const k = a.predKernelSize;
    const pred = (name: string, out: number) => levels.map((l) =>
      this.addModule(`${name}.${l}`, new Conv2d({ inChannels: feat, outChannels: out, kernelSize: k, padding: Math.floor(k / 2), bias: true })));
    this.rtmCls = pred('rtm_cls', this.numClasses);
    this.rtmReg = pred('rtm_reg', 4);
    this.initWeights();
    if (a.shareConv) {
      for (const convs of [this.clsConvs, this.regConvs]) {
        for (let l = 1; l < convs.length; l++) convs[l]!.forEach((m, i) => m.shareConv(convs[0]![i]!.conv));
      }
    }
  }

  /** MMYOLO's init_weights: every conv N(0, 0.01) with bias 0, BN 1 / 0, rtm_cls bias -log((1 - 0.01) / 0.01). */
  private initWeights(): void {
    const init = normal(0.01);
    tf.tidy(() => {
      for (const m of [...this.clsConvs.flat(), ...this.regConvs.flat()]) {
        m.conv.weight.assign(init(m.conv.weight.shape));
        m.bn.weight.assign(tf.onesLike(m.bn.weight));
        m.bn.bias.assign(tf.zerosLike(m.bn.bias));
      }
      for (const c of [...this.rtmCls, ...this.rtmReg]) {
        c.weight.assign(init(c.weight.shape));
        c.bias!.assign(tf.fill(c.bias!.shape, this.rtmCls.includes(c) ? -Math.log((1 - 0.01) / 0.01) : 0));
      }
    });
  }

  forward(feats: tf.Tensor4D[], training: boolean): HeadOutputs {
    if (feats.length !== this.rtmCls.length) throw new RangeError(`RTMDetSepBNHeadModule: ${feats.length} inputs for ${this.rtmCls.length} levels`);
    const res: HeadOutputs = { clsScores: [], bboxPreds: [], objectnesses: [] };
    feats.forEach((x, l) => {
      let c = x;
      for (const m of this.clsConvs[l]!) c = m.forward(c, training);
      res.clsScores.push(this.rtmCls[l]!.forward(c));
      let r = x;
      for (const m of this.regConvs[l]!) r = m.forward(r, training);
      res.bboxPreds.push(this.rtmReg[l]!.forward(r));
    });
    return res;
  }
}

/** RTMDetHead: the head module plus its point priors and test_cfg. */
export class RTMDetHead<In extends Channels = Channels> extends PointHead<In> {
  constructor(headModule: RTMDetSepBNHeadModule<In>, o: PointHeadCtorArgs) {
    super(headModule, o);
  }
}
