/**
 * mmdet DarknetBottleneck, CSPNeXtBlock and CSPLayer (YOLOv5's C3; with use_cspnext_block and
 * channel_attention, CSPNeXt's), mmcv DepthwiseSeparableConvModule and mmdet ChannelAttention,
 * state_dict order as PyTorch registers them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Layer, Sequential } from '../nn/module.js';
import { Conv2d } from '../nn/conv.js';
import { ConvModule, YOLO_BN, type NormCfg } from './conv_module.js';

/** 1x1 ConvModule -> 3x3 ConvModule, plus the input when add_identity and in == out. */
export class DarknetBottleneck extends Layer {
  readonly conv1: ConvModule;
  readonly conv2: ConvModule;
  readonly addIdentity: boolean;

  constructor(c1: number, c2: number, expansion = 0.5, addIdentity = true, norm: NormCfg = YOLO_BN) {
    super();
    const hidden = Math.trunc(c2 * expansion);
    this.conv1 = this.addModule('conv1', new ConvModule(c1, hidden, 1, 1, 0, norm));
    this.conv2 = this.addModule('conv2', new ConvModule(hidden, c2, 3, 1, 1, norm));
    this.addIdentity = addIdentity && c1 === c2;
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const y = this.conv2.forward(this.conv1.forward(x, training), training);
    return this.addIdentity ? tf.add(y, x) : y;
  }
}

/** mmcv DepthwiseSeparableConvModule: a depthwise k x k ConvModule, then a 1x1 ConvModule, each with BN and SiLU. */
export class DepthwiseSeparableConvModule extends Layer {
  readonly depthwiseConv: ConvModule;
  readonly pointwiseConv: ConvModule;

  constructor(c1: number, c2: number, k: number, s = 1, p = 0, norm: NormCfg = YOLO_BN) {
    super();
    this.depthwiseConv = this.addModule('depthwise_conv', new ConvModule(c1, c1, k, s, p, norm, true, c1));
    this.pointwiseConv = this.addModule('pointwise_conv', new ConvModule(c1, c2, 1, 1, 0, norm));
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return this.pointwiseConv.forward(this.depthwiseConv.forward(x, training), training);
  }
}

/** mmdet CSPNeXtBlock: a 3x3 ConvModule, then a 5x5 depthwise-separable one, plus the input when add_identity and in == out. */
export class CSPNeXtBlock extends Layer {
  readonly conv1: ConvModule;
  readonly conv2: DepthwiseSeparableConvModule;
  readonly addIdentity: boolean;

  constructor(c1: number, c2: number, expansion = 0.5, addIdentity = true, norm: NormCfg = YOLO_BN, kernelSize = 5) {
    super();
    const hidden = Math.trunc(c2 * expansion);
    this.conv1 = this.addModule('conv1', new ConvModule(c1, hidden, 3, 1, 1, norm));
    this.conv2 = this.addModule('conv2', new DepthwiseSeparableConvModule(hidden, c2, kernelSize, 1, Math.floor(kernelSize / 2), norm));
    this.addIdentity = addIdentity && c1 === c2;
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return tf.tidy(() => {
      const y = this.conv2.forward(this.conv1.forward(x, training), training);
      return this.addIdentity ? tf.add(y, x) : y;
    });
  }
}

/** mmdet ChannelAttention: x * hardsigmoid(fc(avgpool(x))), fc a 1x1 conv with bias. */
export class ChannelAttention extends Layer {
  readonly fc: Conv2d;

  constructor(channels: number) {
    super();
    this.fc = this.addModule('fc', new Conv2d({ inChannels: channels, outChannels: channels, kernelSize: 1, bias: true }));
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const pooled = tf.mean(x, [1, 2], true) as tf.Tensor4D;
      // nn.Hardsigmoid: min(max(x + 3, 0), 6) / 6.
      const att = tf.div(tf.relu6(tf.add(this.fc.forward(pooled), 3)), 6);
      return tf.mul(x, att) as tf.Tensor4D;
    });
  }
}

/** What kind of CSPLayer: YOLOv5's (DarknetBottleneck blocks), or CSPNeXt's (CSPNeXtBlock, optional channel attention). */
export interface CSPLayerKind {
  /** use_cspnext_block: CSPNeXtBlock instead of DarknetBottleneck. */
  cspnext?: boolean;
  /** channel_attention: ChannelAttention on the concatenation, before final_conv. */
  channelAttention?: boolean;
}

/** CSPLayer: mid = int(out * expand_ratio); final_conv([attention](cat[blocks(main_conv(x)), short_conv(x)])). */
export class CSPLayer extends Layer {
  readonly mainConv: ConvModule;
  readonly shortConv: ConvModule;
  readonly finalConv: ConvModule;
  readonly blocks: Sequential;
  readonly attention: ChannelAttention | null;

  constructor(c1: number, c2: number, numBlocks = 1, addIdentity = true, expandRatio = 0.5, norm: NormCfg = YOLO_BN, kind: CSPLayerKind = {}) {
    super();
    const mid = Math.trunc(c2 * expandRatio);
    this.mainConv = this.addModule('main_conv', new ConvModule(c1, mid, 1, 1, 0, norm));
    this.shortConv = this.addModule('short_conv', new ConvModule(c1, mid, 1, 1, 0, norm));
    this.finalConv = this.addModule('final_conv', new ConvModule(2 * mid, c2, 1, 1, 0, norm));
    this.blocks = this.addModule('blocks', new Sequential(Array.from({ length: numBlocks }, () => kind.cspnext
      ? new CSPNeXtBlock(mid, mid, 1.0, addIdentity, norm) : new DarknetBottleneck(mid, mid, 1.0, addIdentity, norm))));
    this.attention = kind.channelAttention ? this.addModule('attention', new ChannelAttention(2 * mid)) : null;
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const short = this.shortConv.forward(x, training);
    const main = this.blocks.forward(this.mainConv.forward(x, training), training);
    let cat = tf.concat([main, short], 3);
    if (this.attention) cat = this.attention.forward(cat);
    return this.finalConv.forward(cat, training);
  }
}
