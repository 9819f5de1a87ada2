/**
 * nn.Conv2d with PyTorch's arguments (symmetric `padding`, groups 1 or depthwise), run in NHWC.
 * Padding is explicit, never tfjs 'same', whose split on even inputs differs from PyTorch's.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Layer } from './module.js';
import { uniformFanIn } from './init.js';

/** Arguments of nn.Conv2d. */
export interface Conv2dArgs {
  inChannels: number;
  outChannels: number;
  kernelSize: number;
  stride?: number;
  padding?: number;
  /** 1 or inChannels (depthwise, out = in). */
  groups?: number;
  bias?: boolean;
}

/** nn.Conv2d (weight OIHW in the state_dict, HWIO or [k,k,C,1] in tfjs). */
export class Conv2d extends Layer {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable | null;
  readonly stride: number;
  readonly padding: number;
  readonly depthwise: boolean;

  constructor(readonly args: Conv2dArgs) {
    super();
    const { inChannels: ci, outChannels: co, kernelSize: k } = args;
    const groups = args.groups ?? 1;
    if (groups !== 1 && !(groups === ci && co === ci)) {
      throw new RangeError(`Conv2d: only groups=1 or depthwise (groups=in=out) are supported, got ${groups}`);
    }
    this.stride = args.stride ?? 1;
    this.padding = args.padding ?? 0;
    this.depthwise = groups !== 1;
    const fanIn = (ci / groups) * k * k;
    this.weight = this.addParam('weight', [co, ci / groups, k, k], this.depthwise ? 'depthwise' : 'conv', true, uniformFanIn(fanIn));
    this.bias = args.bias ?? true ? this.addParam('bias', [co], 'plain', true, uniformFanIn(fanIn)) : null;
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    // A numeric pad is tfjs's explicit symmetric padding: the same as PyTorch's.
    // With a bias, tfjs's fused conv adds it in the convolution's epilogue (one pass fewer; a
    // linear fused conv keeps its gradients for x, filter and bias in training too).
    const args = { x, filter: this.weight as tf.Tensor4D, strides: this.stride, pad: this.padding, bias: this.bias ?? undefined };
    if (this.bias === null) {
      return this.depthwise ? tf.depthwiseConv2d(x, args.filter, this.stride, args.pad, 'NHWC') : tf.conv2d(x, args.filter, this.stride, args.pad, 'NHWC');
    }
    return this.depthwise ? tf.fused.depthwiseConv2d(args) : tf.fused.conv2d(args);
  }
}
