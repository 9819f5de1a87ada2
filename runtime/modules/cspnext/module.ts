/** mmyolo CSPNeXt (runtime/modules/cspnext/contract.ts says what it builds). */
import { Sequential, type Layer } from '../../nn/module.js';
import { ConvModule } from '../conv_module.js';
import { CSPLayer } from '../csp_layer.js';
import { SPPFBottleneck } from '../sppf_bottleneck.js';
import { StagedBackbone } from '../staged_backbone.js';
import type { Channels } from '../../model/contracts.js';
import { CSPNEXT_ARCH_SETTINGS, CSPNEXT_DEFAULTS, cspnextBlocks, cspnextCtorArgs, cspnextStemMid, type CSPNeXtCtorArgs } from './contract.js';

/** CSPNeXt arguments (the config's names, camel-cased); what is left out takes the contract's defaults. */
export type CSPNeXtArgs = Partial<CSPNeXtCtorArgs>;

/** CSPNeXt; Out is the channel tuple of the selected layers. */
export class CSPNeXt<Out extends Channels = Channels> extends StagedBackbone<Out> {
  constructor(args: CSPNeXtArgs = {}) {
    super();
    const a = { ...cspnextCtorArgs(CSPNEXT_DEFAULTS), ...args };
    const setting = CSPNEXT_ARCH_SETTINGS[a.arch];
    if (!setting) throw new RangeError(`CSPNeXt: unknown arch '${a.arch}' (P5 or P6)`);
    const w = a.widenFactor;
    const sc = (c: number) => Math.trunc(c * w);
    const mid = cspnextStemMid(w);
    const stem = new Sequential([
      new ConvModule(3, mid, 3, 2, 1, a.norm), new ConvModule(mid, mid, 3, 1, 1, a.norm), new ConvModule(mid, sc(setting[0]![0]), 3, 1, 1, a.norm),
    ]);
    const channels = [sc(setting[0]![0])];
    const stages = setting.map(([cin, cout, nb, addId, useSpp]) => {
      const layers: Layer[] = [new ConvModule(sc(cin), sc(cout), 3, 2, 1, a.norm)];
      if (useSpp) layers.push(new SPPFBottleneck(sc(cout), sc(cout), 5, a.norm));
      layers.push(new CSPLayer(sc(cout), sc(cout), cspnextBlocks(nb, a.deepenFactor), addId, a.expandRatio, a.norm,
        { cspnext: true, channelAttention: a.channelAttention }));
      channels.push(sc(cout));
      return new Sequential(layers);
    });
    this.finish('CSPNeXt', stem, stages, channels, a);
  }
}
