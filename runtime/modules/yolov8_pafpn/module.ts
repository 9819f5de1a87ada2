/** mmyolo YOLOv8PAFPN with BaseYOLONeck.forward (runtime/modules/yolov8_pafpn/contract.ts says what it builds). */
import * as tf from '@tensorflow/tfjs-core';
import { batchNormsToEval } from '../../nn/batchnorm.js';
import { UpsampleNearest2x } from '../../nn/pool.js';
import { makeDivisible, makeRound } from '../scaling.js';
import { ConvModule } from '../conv_module.js';
import { CSPLayerWithTwoConv } from '../csp_two_conv.js';
import { Neck, type Channels } from '../../model/contracts.js';
import { YOLOV8_PAFPN_DEFAULTS, yolov8PafpnCtorArgs, type YOLOv8PAFPNCtorArgs } from './contract.js';

/** YOLOv8PAFPN arguments; channels before widen_factor, as configs write them; the rest defaults as the contract says. */
export type YOLOv8PAFPNArgs = Pick<YOLOv8PAFPNCtorArgs, 'inChannels' | 'outChannels'> & Partial<YOLOv8PAFPNCtorArgs>;

/** YOLOv8PAFPN; In and Out are the scaled channel tuples. */
export class YOLOv8PAFPN<In extends Channels = Channels, Out extends Channels = In> extends Neck<In, Out> {
  readonly inChannels: In;
  readonly outChannels: Out;
  readonly upsample = new UpsampleNearest2x();
  readonly topDownLayers: CSPLayerWithTwoConv[] = [];
  readonly downsampleLayers: ConvModule[] = [];
  readonly bottomUpLayers: CSPLayerWithTwoConv[] = [];

  constructor(args: YOLOv8PAFPNArgs) {
    super();
    const a = { ...yolov8PafpnCtorArgs(YOLOV8_PAFPN_DEFAULTS), ...args };
    const n = a.inChannels.length;
    if (n < 2 || a.outChannels.length !== n) throw new RangeError('YOLOv8PAFPN needs at least two levels, as many out_channels as in_channels');
    const md = (c: number) => makeDivisible(c, a.widenFactor);
    const nb = makeRound(a.numCspBlocks, a.deepenFactor);
    const [ic, oc] = [a.inChannels, a.outChannels];
    this.inChannels = ic.map(md) as unknown as In;
    this.outChannels = oc.map(md) as unknown as Out;
    for (let idx = n - 1, j = 0; idx > 0; idx--, j++) {
      this.topDownLayers.push(this.addModule(`top_down_layers.${j}`,
        new CSPLayerWithTwoConv(md(ic[idx - 1]! + ic[idx]!), md(oc[idx - 1]!), nb, false, 0.5, a.norm)));
    }
    // PyTorch's registration order: every downsample layer, then every bottom-up layer.
    for (let i = 0; i < n - 1; i++) {
      this.downsampleLayers.push(this.addModule(`downsample_layers.${i}`, new ConvModule(md(ic[i]!), md(ic[i]!), 3, 2, 1, a.norm)));
    }
    for (let i = 0; i < n - 1; i++) {
      this.bottomUpLayers.push(this.addModule(`bottom_up_layers.${i}`,
        new CSPLayerWithTwoConv(md(oc[i]! + oc[i + 1]!), md(oc[i + 1]!), nb, false, 0.5, a.norm)));
    }
    if (a.freezeAll) {
      this.requiresGrad(false);
      batchNormsToEval(this);
    }
  }

  forward(inputs: tf.Tensor4D[], training: boolean): tf.Tensor4D[] {
    const n = this.inChannels.length;
    if (inputs.length !== n) throw new RangeError(`YOLOv8PAFPN: ${inputs.length} inputs for ${n} levels`);
    const inner: tf.Tensor4D[] = [inputs[n - 1]!];
    for (let idx = n - 1, j = 0; idx > 0; idx--, j++) {
      const up = this.upsample.forward(inner[0]!);
      inner.unshift(this.topDownLayers[j]!.forward(tf.concat([up, inputs[idx - 1]!], 3), training));
    }
    const outs: tf.Tensor4D[] = [inner[0]!];
    for (let i = 0; i < n - 1; i++) {
      const down = this.downsampleLayers[i]!.forward(outs[outs.length - 1]!, training);
      outs.push(this.bottomUpLayers[i]!.forward(tf.concat([down, inner[i + 1]!], 3), training));
    }
    return outs;
  }
}
