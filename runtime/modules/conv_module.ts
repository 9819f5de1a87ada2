/** mmcv ConvModule as YOLO configs use it: conv (no bias) -> BN -> SiLU. Keys conv.*, bn.*. */
import * as tf from '@tensorflow/tfjs-core';
import { Layer } from '../nn/module.js';
import { Conv2d } from '../nn/conv.js';
import { BatchNorm2d } from '../nn/batchnorm.js';
import { silu } from '../nn/activation.js';
import { convBnEval } from '../nn/fused.js';
import { convSiluFusable } from '../nn/fused_ops.js';
import { YOLO_BN_ARGS } from './contract.js';

/** norm_cfg of a ConvModule: MMYOLO's YOLOv5 default is BN(momentum=0.03, eps=0.001). */
export interface NormCfg {
  eps: number;
  momentum: number;
}

/** MMYOLO's default YOLO BatchNorm (PyTorch momentum convention): the contracts' YOLO_BN_ARGS. */
export const YOLO_BN: NormCfg = { eps: YOLO_BN_ARGS.eps, momentum: YOLO_BN_ARGS.momentum };

/** ConvModule(c1 -> c2, k, s, p) with BN and SiLU; groups = c1 = c2 for a depthwise one. */
export class ConvModule extends Layer {
  conv: Conv2d;
  readonly bn: BatchNorm2d;

  constructor(c1: number, c2: number, k: number, s = 1, p = 0, norm: NormCfg = YOLO_BN, readonly act = true, groups = 1) {
    super();
    this.conv = this.addModule('conv', new Conv2d({ inChannels: c1, outChannels: c2, kernelSize: k, stride: s, padding: p, groups, bias: false }));
    this.bn = this.addModule('bn', new BatchNorm2d(c2, norm.eps, norm.momentum));
  }

  /** Uses `conv` (another ConvModule's, same shape) instead of its own, as RTMDet's share_conv does. */
  shareConv(conv: Conv2d): void {
    if (conv.weight.shape.join() !== this.conv.weight.shape.join()) throw new RangeError('ConvModule.shareConv: the shapes differ');
    this.conv.dispose();
    this.conv = this.addModule('conv', conv);
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    if (training) return tf.tidy(() => this.bn.forward(this.conv.forward(x), true, this.act ? 'silu' : 'linear'));
    if (this.act && convSiluFusable()) return convBnEval(this.conv, this.bn, x, 'silu');
    const y = convBnEval(this.conv, this.bn, x);
    return this.act ? silu(y) : y;
  }
}
