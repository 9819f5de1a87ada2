/** mmyolo SPPFBottleneck: conv1 (C -> C/2), three chained 5x5 max pools, concat, conv2. */
import * as tf from '@tensorflow/tfjs-core';
import { Layer } from '../nn/module.js';
import { MaxPool2dSame } from '../nn/pool.js';
import { ConvModule, YOLO_BN, type NormCfg } from './conv_module.js';

/** SPPF with use_conv_first: conv2(cat[x, mp(x), mp(mp(x)), mp(mp(mp(x)))]). */
export class SPPFBottleneck extends Layer {
  readonly conv1: ConvModule;
  readonly conv2: ConvModule;
  readonly pool: MaxPool2dSame;

  constructor(c1: number, c2: number, kernelSize = 5, norm: NormCfg = YOLO_BN) {
    super();
    const mid = Math.trunc(c1 * 0.5);
    this.conv1 = this.addModule('conv1', new ConvModule(c1, mid, 1, 1, 0, norm));
    this.pool = new MaxPool2dSame(kernelSize); // no parameters: not in the state_dict
    this.conv2 = this.addModule('conv2', new ConvModule(mid * 4, c2, 1, 1, 0, norm));
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const y0 = this.conv1.forward(x, training);
    const y1 = this.pool.forward(y0);
    const y2 = this.pool.forward(y1);
    const y3 = this.pool.forward(y2);
    return this.conv2.forward(tf.concat([y0, y1, y2, y3], 3), training);
  }
}
