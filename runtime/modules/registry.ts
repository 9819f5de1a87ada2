/**
 * The one list of module types with a contract (pure, no tfjs): adding a module type is its
 * folder (contract.ts, module.ts, onnx.ts) plus one line here and one in runtime/modules/builders.ts.
 * Everything else derives from it: the runnable types by slot (what compile accepts and the
 * runtime builds), the tables `check` and `summary` look types up in, the honoured-key lists.
 */
import { bareType, type BackboneSpec, type ConsumerSpec, type ModuleRole, type ModuleSpec, type RawArgs } from './contract.js';
import { StarNetSpec } from './starnet/contract.js';
import { YOLOv5CSPDarknetSpec } from './yolov5_csp_darknet/contract.js';
import { YOLOv5PAFPNSpec } from './yolov5_pafpn/contract.js';
import { YOLOv5HeadModuleSpec, YOLOv5HeadSpec } from './yolov5_head/contract.js';
import { YOLOv8CSPDarknetSpec } from './yolov8_csp_darknet/contract.js';
import { YOLOv8PAFPNSpec } from './yolov8_pafpn/contract.js';
import { YOLOv8HeadModuleSpec, YOLOv8HeadSpec } from './yolov8_head/contract.js';
import { CSPNeXtSpec } from './cspnext/contract.js';
import { CSPNeXtPAFPNSpec } from './cspnext_pafpn/contract.js';
import { RTMDetHeadSpec, RTMDetSepBNHeadModuleSpec } from './rtmdet_head/contract.js';

/** Every module type with a contract, in the order messages list them. */
export const CONTRACTS: readonly ModuleSpec<unknown>[] = [
  StarNetSpec,
  YOLOv5CSPDarknetSpec,
  YOLOv5PAFPNSpec,
  YOLOv5HeadSpec,
  YOLOv5HeadModuleSpec,
  YOLOv8CSPDarknetSpec,
  YOLOv8PAFPNSpec,
  YOLOv8HeadSpec,
  YOLOv8HeadModuleSpec,
  CSPNeXtSpec,
  CSPNeXtPAFPNSpec,
  RTMDetHeadSpec,
  RTMDetSepBNHeadModuleSpec,
] as unknown as readonly ModuleSpec<unknown>[];

/** Detector types (runtime/modules/yolo_detector/contract.ts holds its contract). */
export const DETECTOR_TYPES = ['YOLODetector'] as const;

/** A contract registered under `name` (an alias gets the contract with the alias's parse). */
function entries(): [string, ModuleSpec<unknown>][] {
  return CONTRACTS.flatMap((c) => [
    [c.type, c] as [string, ModuleSpec<unknown>],
    ...Object.entries(c.aliases ?? {}).map(([alias, parse]) => [alias, { ...c, type: alias, parseArgs: parse as (raw: RawArgs) => unknown }] as [string, ModuleSpec<unknown>]),
  ]);
}

const BY_NAME = new Map(entries());

/** The contract of a registered type (`mmyolo.` / `mmdet.` scopes ignored), or undefined. */
export function contractOf(type: unknown): ModuleSpec<unknown> | undefined {
  const t = bareType(type);
  return t === undefined ? undefined : BY_NAME.get(t);
}

function table<S>(roles: readonly ModuleRole[]): Record<string, S> {
  return Object.fromEntries([...BY_NAME].filter(([, c]) => roles.includes(c.role))) as Record<string, S>;
}

/** Backbones with a contract, by registered name (aliases included). */
export const BACKBONE_SPECS: Record<string, BackboneSpec<unknown>> = table(['backbone']);

/** Necks with a contract. */
export const NECK_SPECS: Record<string, ConsumerSpec<unknown>> = table(['neck']);

/** What `check` accepts as a bbox_head: heads, and head modules used directly. */
export const HEAD_SPECS: Record<string, ConsumerSpec<unknown>> = table(['head', 'headModule']);

/** Head modules (a head's `head_module`). */
export const HEAD_MODULE_SPECS: Record<string, ConsumerSpec<unknown>> = table(['headModule']);

function runnable(role: ModuleRole): string[] {
  return [...BY_NAME].filter(([, c]) => c.role === role && c.runtime).map(([name]) => name);
}

/** Model types the runtime builds, by slot (scope prefixes like `mmdet.` are ignored). */
export const RUNTIME_TYPES = {
  detector: [...DETECTOR_TYPES],
  backbone: runnable('backbone'),
  neck: runnable('neck'),
  head: runnable('head'),
  headModule: runnable('headModule'),
} as const;
