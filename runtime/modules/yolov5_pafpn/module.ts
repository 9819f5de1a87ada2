/**
 * mmyolo YOLOv5PAFPN with BaseYOLONeck.forward. Every channel count is
 * make_divisible(in_channels[i], widen_factor); `out_channels` is accepted but unused, as in
 * MMYOLO. Only the last level has a reduce conv; top_down_layers[0] is CSP + 1x1 conv, the
 * last one CSP only; concat orders are [upsampled, lateral] and [downsampled, top-down].
 */
import * as tf from '@tensorflow/tfjs-core';
import { Identity } from '../../nn/activation.js';
import { Layer, Sequential } from '../../nn/module.js';
import { batchNormsToEval } from '../../nn/batchnorm.js';
import { UpsampleNearest2x } from '../../nn/pool.js';
import { makeDivisible, makeRound } from '../scaling.js';
import { ConvModule } from '../conv_module.js';
import { CSPLayer } from '../csp_layer.js';
import { Neck, type Channels } from '../../model/contracts.js';
import { YOLOV5_PAFPN_DEFAULTS, yolov5PafpnCtorArgs, type YOLOv5PAFPNCtorArgs } from './contract.js';

/** YOLOv5PAFPN arguments; channels before widen_factor, as configs write them; the rest defaults as the contract says. */
export type YOLOv5PAFPNArgs = Pick<YOLOv5PAFPNCtorArgs, 'inChannels'> & Partial<YOLOv5PAFPNCtorArgs>;

/** YOLOv5PAFPN; In and Out are the scaled channel tuples (they are equal for this neck). */
export class YOLOv5PAFPN<In extends Channels = Channels, Out extends Channels = In> extends Neck<In, Out> {
  readonly inChannels: In;
  readonly outChannels: Out;
  readonly reduceLayers: Layer[] = [];
  readonly upsample = new UpsampleNearest2x();
  readonly topDownLayers: Layer[] = [];
  readonly downsampleLayers: ConvModule[] = [];
  readonly bottomUpLayers: CSPLayer[] = [];

  constructor(args: YOLOv5PAFPNArgs) {
    super();
    const a = { ...yolov5PafpnCtorArgs(YOLOV5_PAFPN_DEFAULTS), ...args };
    const n = a.inChannels.length;
    if (n < 2) throw new RangeError('YOLOv5PAFPN needs at least two levels');
    const md = (c: number) => makeDivisible(c, a.widenFactor);
    const nb = makeRound(a.numCspBlocks, a.deepenFactor);
    const norm = a.norm;
    const ic = a.inChannels;
    const scaled = ic.map(md);
    this.inChannels = scaled as unknown as In;
    this.outChannels = scaled as unknown as Out;

    const add = <L extends Layer>(group: string, i: number, l: L): L => this.addModule(`${group}.${i}`, l);
    for (let i = 0; i < n; i++) {
      this.reduceLayers.push(add('reduce_layers', i, i === n - 1 ? new ConvModule(md(ic[i]!), md(ic[i - 1]!), 1, 1, 0, norm) : new Identity()));
    }
    for (let idx = n - 1, j = 0; idx > 0; idx--, j++) {
      const csp = new CSPLayer(md(ic[idx - 1]! * 2), md(ic[idx - 1]!), nb, false, 0.5, norm);
      this.topDownLayers.push(add('top_down_layers', j, idx === 1 ? csp
        : new Sequential([csp, new ConvModule(md(ic[idx - 1]!), md(ic[idx - 2]!), 1, 1, 0, norm)])));
    }
    for (let i = 0; i < n - 1; i++) {
      this.downsampleLayers.push(add('downsample_layers', i, new ConvModule(md(ic[i]!), md(ic[i]!), 3, 2, 1, norm)));
      this.bottomUpLayers.push(add('bottom_up_layers', i, new CSPLayer(md(ic[i]! * 2), md(ic[i + 1]!), nb, false, 0.5, norm)));
    }
    if (a.freezeAll) {
      this.requiresGrad(false);
      batchNormsToEval(this);
    }
  }

  forward(inputs: tf.Tensor4D[], training: boolean): tf.Tensor4D[] {
    const n = this.inChannels.length;
    if (inputs.length !== n) throw new RangeError(`YOLOv5PAFPN: ${inputs.length} inputs for ${n} levels`);
    const reduced = inputs.map((x, i) => this.reduceLayers[i]!.forward(x, training));
    const inner: tf.Tensor4D[] = [reduced[n - 1]!];
    for (let idx = n - 1, j = 0; idx > 0; idx--, j++) {
      const up = this.upsample.forward(inner[0]!);
      inner.unshift(this.topDownLayers[j]!.forward(tf.concat([up, reduced[idx - 1]!], 3), training));
    }
    const outs: tf.Tensor4D[] = [inner[0]!];
    for (let i = 0; i < n - 1; i++) {
      const down = this.downsampleLayers[i]!.forward(outs[outs.length - 1]!, training);
      outs.push(this.bottomUpLayers[i]!.forward(tf.concat([down, inner[i + 1]!], 3), training));
    }
    return outs;
  }
}
