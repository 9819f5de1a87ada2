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
import type { PointHeadCtorArgs } from './point_head.js';
import { YOLOv8CSPDarknet, type YOLOv8CSPDarknetArgs } from './yolov8_csp_darknet/module.js';
import { YOLOv8PAFPN, type YOLOv8PAFPNArgs } from './yolov8_pafpn/module.js';
import { YOLOv8Head, YOLOv8HeadModule, type YOLOv8HeadModuleArgs } from './yolov8_head/module.js';
import { CSPNeXt, type CSPNeXtArgs } from './cspnext/module.js';
import { CSPNeXtPAFPN, type CSPNeXtPAFPNArgs } from './cspnext_pafpn/module.js';
import { RTMDetHead, RTMDetSepBNHeadModule, type RTMDetSepBNHeadModuleArgs } from './rtmdet_head/module.js';

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
  YOLOv8CSPDarknet: (c) => new YOLOv8CSPDarknet(one<YOLOv8CSPDarknetArgs>(c.args)),
  YOLOv8PAFPN: (c) => new YOLOv8PAFPN(one<YOLOv8PAFPNArgs>(c.args)),
  YOLOv8HeadModule: (c) => new YOLOv8HeadModule(one<YOLOv8HeadModuleArgs>(c.args)),
  YOLOv8Head: (c, { headModule }) => new YOLOv8Head(headModule as YOLOv8HeadModule, one<PointHeadCtorArgs>(c.args)),
  CSPNeXt: (c) => new CSPNeXt(one<CSPNeXtArgs>(c.args)),
  CSPNeXtPAFPN: (c) => new CSPNeXtPAFPN(one<CSPNeXtPAFPNArgs>(c.args)),
  RTMDetSepBNHeadModule: (c) => new RTMDetSepBNHeadModule(one<RTMDetSepBNHeadModuleArgs>(c.args)),
  RTMDetHead: (c, { headModule }) => new RTMDetHead(headModule as RTMDetSepBNHeadModule, one<PointHeadCtorArgs>(c.args)),
};
