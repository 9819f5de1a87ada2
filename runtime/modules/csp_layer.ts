/** mmdet DarknetBottleneck and CSPLayer (YOLOv5's C3), state_dict order as PyTorch registers them. */
import * as tf from '@tensorflow/tfjs-core';
import { Layer, Sequential } from '../nn/module.js';
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

/** CSPLayer: mid = int(out * 0.5); final_conv(cat[blocks(main_conv(x)), short_conv(x)]). */
export class CSPLayer extends Layer {
  readonly mainConv: ConvModule;
  readonly shortConv: ConvModule;
  readonly finalConv: ConvModule;
  readonly blocks: Sequential;

  constructor(c1: number, c2: number, numBlocks = 1, addIdentity = true, expandRatio = 0.5, norm: NormCfg = YOLO_BN) {
    super();
    const mid = Math.trunc(c2 * expandRatio);
    this.mainConv = this.addModule('main_conv', new ConvModule(c1, mid, 1, 1, 0, norm));
    this.shortConv = this.addModule('short_conv', new ConvModule(c1, mid, 1, 1, 0, norm));
    this.finalConv = this.addModule('final_conv', new ConvModule(2 * mid, c2, 1, 1, 0, norm));
    this.blocks = this.addModule('blocks', new Sequential(
      Array.from({ length: numBlocks }, () => new DarknetBottleneck(mid, mid, 1.0, addIdentity, norm))));
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const short = this.shortConv.forward(x, training);
    const main = this.blocks.forward(this.mainConv.forward(x, training), training);
    return this.finalConv.forward(tf.concat([main, short], 3), training);
  }
}
