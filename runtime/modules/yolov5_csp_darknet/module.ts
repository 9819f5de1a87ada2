/**
 * mmyolo YOLOv5CSPDarknet (P5 and P6): stem 6x6/2 conv, then stages of [3x3/2 ConvModule,
 * CSPLayer (+ SPPF after it on the last stage)]. out_indices count from the stem (0 = stem).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { Layer, Sequential } from '../../nn/module.js';
import { batchNormsToEval } from '../../nn/batchnorm.js';
import { makeDivisible, makeRound } from '../scaling.js';
import { ConvModule } from '../conv_module.js';
import { CSPLayer } from '../csp_layer.js';
import { SPPFBottleneck } from '../sppf_bottleneck.js';
import { Backbone, type Channels } from '../../model/contracts.js';
import {
  YOLOV5_ARCH_SETTINGS, YOLOV5_CSP_DARKNET_DEFAULTS, yolov5CspDarknetCtorArgs, type YOLOv5CSPDarknetCtorArgs,
} from './contract.js';

/** YOLOv5CSPDarknet arguments (the config's names, camel-cased); what is left out takes the contract's defaults. */
export type YOLOv5CSPDarknetArgs = Partial<YOLOv5CSPDarknetCtorArgs>;

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
    const a = { ...yolov5CspDarknetCtorArgs(YOLOV5_CSP_DARKNET_DEFAULTS), ...args };
    const setting = YOLOV5_ARCH_SETTINGS[a.arch];
    if (!setting) throw new RangeError(`YOLOv5CSPDarknet: unknown arch '${a.arch}' (P5 or P6)`);
    const d = a.deepenFactor;
    const w = a.widenFactor;
    const norm = a.norm;
    this.outIndices = a.outIndices;
    for (const i of this.outIndices) {
      if (!Number.isInteger(i) || i < 0 || i > setting.length) throw new RangeError(`YOLOv5CSPDarknet out_indices: ${i} is not a layer (0..${setting.length})`);
    }
    const stemC = makeDivisible(setting[0]![0], w);
    this.layers.push(this.addModule('stem', new ConvModule(a.inputChannels, stemC, 6, 2, 2, norm)));
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
    this.frozenStages = a.frozenStages;
    this.normEval = a.normEval;
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
