/** mmyolo CSPNeXtPAFPN with BaseYOLONeck.forward (runtime/modules/cspnext_pafpn/contract.ts says what it builds). */
import * as tf from '@tensorflow/tfjs-core';
import { Identity } from '../../nn/activation.js';
import { Sequential, type Layer } from '../../nn/module.js';
import { batchNormsToEval } from '../../nn/batchnorm.js';
import { UpsampleNearest2x } from '../../nn/pool.js';
import { ConvModule } from '../conv_module.js';
import { CSPLayer } from '../csp_layer.js';
import { Neck, type Channels } from '../../model/contracts.js';
import { CSPNEXT_PAFPN_DEFAULTS, cspnextPafpnBlocks, cspnextPafpnCtorArgs, type CSPNeXtPAFPNCtorArgs } from './contract.js';

/** CSPNeXtPAFPN arguments; channels before widen_factor, as configs write them; the rest defaults as the contract says. */
export type CSPNeXtPAFPNArgs = Pick<CSPNeXtPAFPNCtorArgs, 'inChannels' | 'outChannels'> & Partial<CSPNeXtPAFPNCtorArgs>;

/** CSPNeXtPAFPN; In and Out are the scaled channel tuples. */
export class CSPNeXtPAFPN<In extends Channels = Channels, Out extends Channels = Channels> extends Neck<In, Out> {
  readonly inChannels: In;
  readonly outChannels: Out;
  readonly reduceLayers: Layer[] = [];
  readonly upsample = new UpsampleNearest2x();
  readonly topDownLayers: Layer[] = [];
  readonly downsampleLayers: ConvModule[] = [];
  readonly bottomUpLayers: CSPLayer[] = [];
  readonly outLayers: ConvModule[] = [];

  constructor(args: CSPNeXtPAFPNArgs) {
    super();
    const a = { ...cspnextPafpnCtorArgs(CSPNEXT_PAFPN_DEFAULTS), ...args };
    const ic = a.inChannels.map((c) => Math.trunc(c * a.widenFactor));
    const oc = Math.trunc(a.outChannels * a.widenFactor);
    const n = ic.length;
    if (n < 2) throw new RangeError('CSPNeXtPAFPN needs at least two levels');
    this.inChannels = ic as unknown as In;
    this.outChannels = ic.map(() => oc) as unknown as Out;
    const nb = cspnextPafpnBlocks({ num_csp_blocks: a.numCspBlocks, deepen_factor: a.deepenFactor });
    const csp = (c1: number, c2: number) => new CSPLayer(c1, c2, nb, false, a.expandRatio, a.norm, { cspnext: true });
    const add = <L extends Layer>(group: string, i: number, l: L): L => this.addModule(`${group}.${i}`, l);
    for (let i = 0; i < n; i++) {
      this.reduceLayers.push(add('reduce_layers', i, i === n - 1 ? new ConvModule(ic[i]!, ic[i - 1]!, 1, 1, 0, a.norm) : new Identity()));
    }
    for (let idx = n - 1, j = 0; idx > 0; idx--, j++) {
      this.topDownLayers.push(add('top_down_layers', j, idx === 1 ? csp(ic[idx - 1]! * 2, ic[idx - 1]!)
        : new Sequential([csp(ic[idx - 1]! * 2, ic[idx - 1]!), new ConvModule(ic[idx - 1]!, ic[idx - 2]!, 1, 1, 0, a.norm)])));
    }
    for (let i = 0; i < n - 1; i++) this.downsampleLayers.push(add('downsample_layers', i, new ConvModule(ic[i]!, ic[i]!, 3, 2, 1, a.norm)));
    for (let i = 0; i < n - 1; i++) this.bottomUpLayers.push(add('bottom_up_layers', i, csp(ic[i]! * 2, ic[i + 1]!)));
    for (let i = 0; i < n; i++) this.outLayers.push(add('out_layers', i, new ConvModule(ic[i]!, oc, 3, 1, 1, a.norm)));
    if (a.freezeAll) {
      this.requiresGrad(false);
      batchNormsToEval(this);
    }
  }

  forward(inputs: tf.Tensor4D[], training: boolean): tf.Tensor4D[] {
    const n = this.inChannels.length;
    if (inputs.length !== n) throw new RangeError(`CSPNeXtPAFPN: ${inputs.length} inputs for ${n} levels`);
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
    return outs.map((o, i) => this.outLayers[i]!.forward(o, training));
  }
}
