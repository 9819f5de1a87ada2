/**
 * mmyolo YOLOv5CSPDarknet (P5 and P6): stem 6x6/2 conv, then stages of [3x3/2 ConvModule,
 * CSPLayer (+ SPPF after it on the last stage)]. out_indices count from the stem (0 = stem).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { Layer, Sequential } from '../nn/module.js';
import { batchNormsToEval } from '../nn/batchnorm.js';
import { makeDivisible, makeRound } from './scaling.js';
import { ConvModule, YOLO_BN, type NormCfg } from './conv_module.js';
import { CSPLayer } from './csp_layer.js';
import { SPPFBottleneck } from './sppf_bottleneck.js';
import { Backbone, type Channels } from '../model/contracts.js';

/** [in, out, num_blocks, add_identity, use_spp] per stage, as mmyolo's arch_settings. */
export const CSP_DARKNET_ARCHS: Record<string, [number, number, number, boolean, boolean][]> = {
  P5: [[64, 128, 3, true, false], [128, 256, 6, true, false], [256, 512, 9, true, false], [512, 1024, 3, true, true]],
  P6: [[64, 128, 3, true, false], [128, 256, 6, true, false], [256, 512, 9, true, false], [512, 768, 3, true, false],
    [768, 1024, 3, true, true]],
};

/** YOLOv5CSPDarknet arguments (the config's names, camel-cased). */
export interface YOLOv5CSPDarknetArgs {
  arch?: 'P5' | 'P6';
  deepenFactor?: number;
  widenFactor?: number;
  inputChannels?: number;
  outIndices?: readonly number[];
  norm?: NormCfg;
  /** Layers 0..frozenStages (0 = stem) get no gradients and run their BatchNorms in eval mode; -1: none. */
  frozenStages?: number;
  /** Every BatchNorm of the backbone in eval mode while training (running statistics fixed). */
  normEval?: boolean;
}

/** YOLOv5CSPDarknet; Out is the channel tuple of the selected layers. */
export class YOLOv5CSPDarknet<Out extends Channels = Channels> extends Backbone<Out> {
  /** [stem, stage1, ...]: what out_indices index. */
  readonly layers: Layer[] = [];
  readonly outIndices: readonly number[];
  readonly outChannels: Out;
  readonly outStrides: number[];
  readonly frozenStages: number;
  readonly normEval: boolean;

  constructor(args: YOLOv5CSPDarknetArgs = {}) {
    super();
    const setting = CSP_DARKNET_ARCHS[args.arch ?? 'P5'];
    if (!setting) throw new RangeError(`YOLOv5CSPDarknet: unknown arch '${args.arch}' (P5 or P6)`);
    const d = args.deepenFactor ?? 1;
    const w = args.widenFactor ?? 1;
    const norm = args.norm ?? YOLO_BN;
    this.outIndices = args.outIndices ?? [2, 3, 4];
    for (const i of this.outIndices) {
      if (!Number.isInteger(i) || i < 0 || i > setting.length) throw new RangeError(`YOLOv5CSPDarknet out_indices: ${i} is not a layer (0..${setting.length})`);
    }
    const stemC = makeDivisible(setting[0]![0], w);
    this.layers.push(this.addModule('stem', new ConvModule(args.inputChannels ?? 3, stemC, 6, 2, 2, norm)));
    const channels = [stemC];
    setting.forEach(([cin0, cout0, nb0, addId, useSpp], i) => {
      const cin = makeDivisible(cin0, w);
      const cout = makeDivisible(cout0, w);
      const stage: Layer[] = [new ConvModule(cin, cout, 3, 2, 1, norm), new CSPLayer(cout, cout, makeRound(nb0, d), addId, 0.5, norm)];
      if (useSpp) stage.push(new SPPFBottleneck(cout, cout, 5, norm));
      this.layers.push(this.addModule(`stage${i + 1}`, new Sequential(stage)));
      channels.push(cout);
    });
    this.outChannels = this.outIndices.map((i) => channels[i]!) as unknown as Out;
    this.outStrides = this.outIndices.map((i) => 2 ** (i + 1));
    this.frozenStages = args.frozenStages ?? -1;
    this.normEval = args.normEval ?? false;
    if (!Number.isInteger(this.frozenStages) || this.frozenStages < -1 || this.frozenStages > setting.length) {
      throw new RangeError(`YOLOv5CSPDarknet frozen_stages: ${this.frozenStages} is not in -1..${setting.length}`);
    }
    // mmyolo BaseBackbone._freeze_stages and train(): what PyTorch's model.train() leaves in eval.
    for (let i = 0; i <= this.frozenStages; i++) {
      this.layers[i]!.requiresGrad(false);
      batchNormsToEval(this.layers[i]!);
    }
    if (this.normEval) batchNormsToEval(this);
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D[] {
    const outs: tf.Tensor4D[] = [];
    let y = x;
    this.layers.forEach((l, i) => {
      y = l.forward(y, training);
      if (this.outIndices.includes(i)) outs.push(y);
    });
    return outs;
  }
}
