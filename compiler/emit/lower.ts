/**
 * Lowers a resolved config's `model` dict to the constructor calls model.ts spells out: each
 * part's contract (runtime/modules/<type>/contract.ts) parses its dict with MMYOLO's defaults and
 * names its runtime class, constructor arguments (defaults made explicit) and the channel tuples
 * that become type arguments; buildDetector (runtime/model/build.ts) constructs with the same
 * calls. Channel tuples are computed from each module's own arguments, so parts that disagree
 * produce types that disagree, and tsc reports the wiring line.
 */
import type { Json } from '../frontend/values.js';
import { contractOf, SpecArgError, type RawArgs, type RuntimeCall } from '../../runtime/modules/contracts.js';

type Dict = { [k: string]: Json };

/** One `new Class<TypeArgs>(args...)` of model.ts. */
export interface ModuleCall extends RuntimeCall {
  /** JSON Pointer of the config dict it comes from. */
  ptr: string;
}

/** The detector as model.ts builds it: the head takes the head module, then its own arguments. */
export interface ModelIR {
  backbone: ModuleCall;
  neck: ModuleCall;
  headModule: ModuleCall;
  head: ModuleCall;
}

/** A value lowering cannot use: the pointer and why. */
export class LowerError extends Error {
  constructor(readonly ptr: string, message: string) {
    super(message);
  }
}

const isDict = (v: Json | undefined): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

function dictAt(parent: Dict, key: string, ptr: string): Dict {
  const v = parent[key];
  if (!isDict(v)) throw new LowerError(`${ptr}/${key}`, `${ptr.slice(1).replace(/\//g, '.')}.${key} must be a dict`);
  return v;
}

/** The runtime call of the module dict `d` at `ptr`, through its contract. */
function lowerPart(d: Dict, ptr: string, extra: Dict = {}): ModuleCall {
  const contract = contractOf(d.type);
  if (!contract?.runtime) throw new LowerError(`${ptr}/type`, `${JSON.stringify(d.type ?? null)} has no runtime implementation`);
  const bare = String(d.type).slice(String(d.type).lastIndexOf('.') + 1);
  try {
    const args = (contract.aliases?.[bare] ?? contract.parseArgs)({ ...d, ...extra } as RawArgs);
    return { ...contract.runtime(args), ptr };
  } catch (e) {
    if (e instanceof SpecArgError) throw new LowerError(`${ptr}/${e.key}`, e.message);
    throw e;
  }
}

/** Lowers `model` (the resolved config's dict); throws LowerError on a value it cannot use. */
export function lowerModel(model: Json | undefined): ModelIR {
  if (!isDict(model)) throw new LowerError('/model', 'the config has no model dict');
  const backbone = lowerPart(dictAt(model, 'backbone', '/model'), '/model/backbone');
  const neck = lowerPart(dictAt(model, 'neck', '/model'), '/model/neck');
  const headCfg = dictAt(model, 'bbox_head', '/model');
  const headModule = lowerPart(dictAt(headCfg, 'head_module', '/model/bbox_head'), '/model/bbox_head/head_module');
  // SingleStageDetector hands the model's test_cfg to the head.
  const head = lowerPart(headCfg, '/model/bbox_head', model.test_cfg === undefined ? {} : { test_cfg: model.test_cfg });
  return { backbone, neck, headModule, head };
}
