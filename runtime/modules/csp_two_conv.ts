/**
 * mmyolo CSPLayerWithTwoConv (YOLOv8's C2f) and its DarknetBottleneck (two 3x3 ConvModules,
 * expansion 1), state_dict order as PyTorch registers them: main_conv, final_conv, blocks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Layer } from '../nn/module.js';
import { ConvModule, YOLO_BN, type NormCfg } from './conv_module.js';

/** mmyolo DarknetBottleneck with kernel_size (3, 3), padding (1, 1): conv2(conv1(x)) [+ x]. */
export class DarknetBottleneckV8 extends Layer {
  readonly conv1: ConvModule;
  readonly conv2: ConvModule;
  readonly addIdentity: boolean;

  constructor(c1: number, c2: number, addIdentity = true, norm: NormCfg = YOLO_BN) {
    super();
    const hidden = Math.trunc(c2 * 1.0);
    this.conv1 = this.addModule('conv1', new ConvModule(c1, hidden, 3, 1, 1, norm));
    this.conv2 = this.addModule('conv2', new ConvModule(hidden, c2, 3, 1, 1, norm));
    this.addIdentity = addIdentity && c1 === c2;
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const y = this.conv2.forward(this.conv1.forward(x, training), training);
    return this.addIdentity ? tf.add(y, x) : y;
  }
}

/** main_conv (1x1 to 2 * mid), split in two halves, each block on the last part, final_conv over all parts. */
export class CSPLayerWithTwoConv extends Layer {
  readonly mid: number;
  readonly mainConv: ConvModule;
  readonly finalConv: ConvModule;
  readonly blocks: DarknetBottleneckV8[];

  constructor(c1: number, c2: number, numBlocks = 1, addIdentity = true, expandRatio = 0.5, norm: NormCfg = YOLO_BN) {
    super();
    this.mid = Math.trunc(c2 * expandRatio);
    this.mainConv = this.addModule('main_conv', new ConvModule(c1, 2 * this.mid, 1, 1, 0, norm));
    this.finalConv = this.addModule('final_conv', new ConvModule((2 + numBlocks) * this.mid, c2, 1, 1, 0, norm));
    this.blocks = Array.from({ length: numBlocks }, (_, i) =>
      this.addModule(`blocks.${i}`, new DarknetBottleneckV8(this.mid, this.mid, addIdentity, norm)));
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const main = this.mainConv.forward(x, training);
    const parts = tf.split(main, [this.mid, this.mid], 3) as tf.Tensor4D[];
    for (const b of this.blocks) parts.push(b.forward(parts[parts.length - 1]!, training));
    return this.finalConv.forward(tf.concat(parts, 3), training);
  }
}
