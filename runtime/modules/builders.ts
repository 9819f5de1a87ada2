/**
 * The tfjs side of the registry: each runtime class by the className its contract's runtime()
 * names (runtime/modules/registry.ts lists the contracts). The builder (runtime/model/build.ts)
 * constructs with exactly the arguments `compile` writes into model.ts.
 */
import type { Json, RuntimeCall } from './contract.js';
import type { Module } from '../nn/module.js';
import { StarNet, type StarNetArgs } from './starnet/module.js';
import { YOLOv5CSPDarknet, type YOLOv5CSPDarknetArgs } from './yolov5_csp_darknet/module.js';
import { YOLOv5PAFPN, type YOLOv5PAFPNArgs } from './yolov5_pafpn/module.js';
import { YOLOv5Head, YOLOv5HeadModule, type YOLOv5HeadModuleArgs } from './yolov5_head/module.js';
import type { TestCfg } from './contract.js';

/** What a head's constructor gets besides its arguments: the head module built from its own dict. */
export interface Children {
  headModule?: Module;
}

/** Constructs a runtime class from its call. */
export type Build = (call: RuntimeCall, children: Children) => Module;

const one = <T>(args: Json[]) => args[0] as unknown as T;

/** Runtime classes by className. */
export const BUILDERS: Readonly<Record<string, Build>> = {
  StarNet: (c) => new StarNet(one<StarNetArgs>(c.args)),
  YOLOv5CSPDarknet: (c) => new YOLOv5CSPDarknet(one<YOLOv5CSPDarknetArgs>(c.args)),
  YOLOv5PAFPN: (c) => new YOLOv5PAFPN(one<YOLOv5PAFPNArgs>(c.args)),
  YOLOv5HeadModule: (c) => new YOLOv5HeadModule(one<YOLOv5HeadModuleArgs>(c.args)),
  YOLOv5Head: (c, { headModule }) => {
    const [anchors, strides, testCfg] = c.args as unknown as [number[][][], number[], TestCfg];
    return new YOLOv5Head(headModule as YOLOv5HeadModule, anchors, strides, testCfg);
  },
};
