/** mmyolo YOLOv8CSPDarknet (runtime/modules/yolov8_csp_darknet/contract.ts says what it builds). */
import { Sequential, type Layer } from '../../nn/module.js';
import { makeDivisible, makeRound } from '../scaling.js';
import { ConvModule } from '../conv_module.js';
import { CSPLayerWithTwoConv } from '../csp_two_conv.js';
import { SPPFBottleneck } from '../sppf_bottleneck.js';
import { StagedBackbone } from '../staged_backbone.js';
import type { Channels } from '../../model/contracts.js';
import {
  YOLOV8_CSP_DARKNET_DEFAULTS, yolov8ArchSetting, yolov8CspDarknetCtorArgs, type YOLOv8CSPDarknetCtorArgs,
} from './contract.js';

/** YOLOv8CSPDarknet arguments (the config's names, camel-cased); what is left out takes the contract's defaults. */
export type YOLOv8CSPDarknetArgs = Partial<YOLOv8CSPDarknetCtorArgs>;

/** YOLOv8CSPDarknet; Out is the channel tuple of the selected layers. */
export class YOLOv8CSPDarknet<Out extends Channels = Channels> extends StagedBackbone<Out> {
  constructor(args: YOLOv8CSPDarknetArgs = {}) {
    super();
    const a = { ...yolov8CspDarknetCtorArgs(YOLOV8_CSP_DARKNET_DEFAULTS), ...args };
    const md = (c: number) => makeDivisible(c, a.widenFactor);
    const setting = yolov8ArchSetting(a.lastStageOutChannels);
    const stem = new ConvModule(a.inputChannels, md(setting[0]![0]), 3, 2, 1, a.norm);
    const channels = [md(setting[0]![0])];
    const stages = setting.map(([cin, cout, nb, addId, useSpp]) => {
      const layers: Layer[] = [
        new ConvModule(md(cin), md(cout), 3, 2, 1, a.norm),
        new CSPLayerWithTwoConv(md(cout), md(cout), makeRound(nb, a.deepenFactor), addId, 0.5, a.norm),
      ];
      if (useSpp) layers.push(new SPPFBottleneck(md(cout), md(cout), 5, a.norm));
      channels.push(md(cout));
      return new Sequential(layers);
    });
    this.finish('YOLOv8CSPDarknet', stem, stages, channels, a);
  }
}
