/**
 * StarNet (Rewrite the Stars, imagenet/starnet.py) as a detection backbone: the classifier
 * (norm / avgpool / head) is gone and `out_indices` picks stage outputs (stage i: base_dim*2^i
 * channels, stride 2^(i+2)). ConvBN convs carry a bias; BN is PyTorch's default (eps 1e-5,
 * momentum 0.1); the only activation is ReLU6 after the stem and in relu6(f1) * f2.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Layer, Sequential } from '../../nn/module.js';
import { Conv2d } from '../../nn/conv.js';
import { BatchNorm2d } from '../../nn/batchnorm.js';
import { ReLU6 } from '../../nn/activation.js';
import { convBnEval, type FusedActivation } from '../../nn/fused.js';
import { activation as act, star as starOp } from '../../nn/fused_ops.js';
import { Backbone, type Channels } from '../../model/contracts.js';
import { STARNET_DEFAULTS, STARNET_STEM_CHANNELS, starnetCtorArgs, type StarNetCtorArgs } from './contract.js';

export { STARNET_STEM_CHANNELS } from './contract.js';

/** StarNet's ConvBN: Conv2d with bias [+ BatchNorm2d], no activation. Keys conv.*, bn.*. */
export class ConvBN extends Layer {
  readonly conv: Conv2d;
  readonly bn: BatchNorm2d | null;

  constructor(c1: number, c2: number, k = 1, s = 1, p = 0, groups = 1, withBn = true) {
    super();
    this.conv = this.addModule('conv', new Conv2d({ inChannels: c1, outChannels: c2, kernelSize: k, stride: s, padding: p, groups, bias: true }));
    this.bn = withBn ? this.addModule('bn', new BatchNorm2d(c2)) : null;
  }

  /** `activation` after the BN; in eval mode conv, BN and activation run as one fused op. */
  forward(x: tf.Tensor4D, training: boolean, activation: FusedActivation = 'linear'): tf.Tensor4D {
    if (!training) return convBnEval(this.conv, this.bn, x, activation);
    return this.bn ? this.bn.forward(this.conv.forward(x), true, activation) : act(this.conv.forward(x), activation);
  }
}

/** Block: x + dwconv2(g(relu6(f1(dw)) * f2(dw))), dw = dwconv(x); drop_path in training only. */
export class StarBlock extends Layer {
  readonly dwconv: ConvBN;
  readonly f1: ConvBN;
  readonly f2: ConvBN;
  readonly g: ConvBN;
  readonly dwconv2: ConvBN;

  constructor(dim: number, mlpRatio = 3, readonly dropPath = 0) {
    super();
    this.dwconv = this.addModule('dwconv', new ConvBN(dim, dim, 7, 1, 3, dim, true));
    this.f1 = this.addModule('f1', new ConvBN(dim, mlpRatio * dim, 1, 1, 0, 1, false));
    this.f2 = this.addModule('f2', new ConvBN(dim, mlpRatio * dim, 1, 1, 0, 1, false));
    this.g = this.addModule('g', new ConvBN(mlpRatio * dim, dim, 1, 1, 0, 1, true));
    this.dwconv2 = this.addModule('dwconv2', new ConvBN(dim, dim, 7, 1, 3, dim, false));
  }

  /** In a tidy: the block's intermediates go as soon as it returns (a gradient tape keeps its own
   * copies of what the backward needs), which lowers the forward's memory peak. */
  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return tf.tidy(() => this.forwardInner(x, training));
  }

  private forwardInner(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const dw = this.dwconv.forward(x, training);
    // relu6(f1) * f2 as one kernel (and one gradient kernel) where the backend has it.
    const star: tf.Tensor4D = starOp(this.f1.forward(dw, training), this.f2.forward(dw, training));
    let y = this.dwconv2.forward(this.g.forward(star, training), training);
    if (training && this.dropPath > 0) {
      // timm DropPath: per-sample keep mask, survivors scaled by 1 / keep.
      const keep = 1 - this.dropPath;
      const mask = tf.floor(tf.add(tf.randomUniform([x.shape[0], 1, 1, 1]), keep));
      y = tf.mul(y, tf.div(mask, keep)) as tf.Tensor4D;
    }
    return tf.add(x, y);
  }
}

/** StarNet constructor arguments (the config's names, camel-cased); what is left out takes the contract's defaults. */
export type StarNetArgs = Partial<Readonly<StarNetCtorArgs>>;

/** StarNet backbone; Out is the channel tuple of the selected stages. */
export class StarNet<Out extends Channels = Channels> extends Backbone<Out> {
  readonly stem: Sequential;
  readonly stages: Sequential;
  readonly outIndices: readonly number[];
  readonly outChannels: Out;
  readonly outStrides: number[];

  constructor(args: StarNetArgs = {}) {
    super();
    const { baseDim, depths, mlpRatio, outIndices, dropPathRate: rate } = { ...starnetCtorArgs(STARNET_DEFAULTS), ...args };
    this.outIndices = outIndices;
    for (const i of this.outIndices) {
      if (!Number.isInteger(i) || i < 0 || i >= depths.length) throw new RangeError(`StarNet out_indices: ${i} is not a stage (0..${depths.length - 1})`);
    }
    const total = depths.reduce((a, b) => a + b, 0);
    this.stem = this.addModule('stem', new Sequential([new ConvBN(3, STARNET_STEM_CHANNELS, 3, 2, 1), new ReLU6()]));
    const stages: Layer[] = [];
    const channels: number[] = [];
    let cin = STARNET_STEM_CHANNELS;
    let cur = 0;
    depths.forEach((d, i) => {
      const dim = baseDim * 2 ** i;
      const blocks: Layer[] = [new ConvBN(cin, dim, 3, 2, 1)];
      for (let j = 0; j < d; j++, cur++) blocks.push(new StarBlock(dim, mlpRatio, total > 1 ? (rate * cur) / (total - 1) : 0));
      stages.push(new Sequential(blocks));
      channels.push(dim);
      cin = dim;
    });
    this.stages = this.addModule('stages', new Sequential(stages));
    this.outChannels = this.outIndices.map((i) => channels[i]!) as unknown as Out;
    this.outStrides = this.outIndices.map((i) => 2 ** (i + 2));
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D[] {
    let y = this.stem.forward(x, training);
    const outs: tf.Tensor4D[] = [];
    this.stages.layers.forEach((stage, i) => {
      y = stage.forward(y, training);
      if (this.outIndices.includes(i)) outs.push(y);
    });
    return outs;
  }
}
