/**
 * Keys the runtime would not honour are refused where `check` runs, at their lines (YC4020), from
 * the same list the runtime's builders read through (runtime/modules/honoured.ts). `compile` and
 * `train` run `check` first, so the three commands give one verdict for a key.
 */
import { YOLOV5_ARCH_SETTINGS } from '../../runtime/modules/yolov5_csp_darknet/contract.js';
import { parseClassWeight } from '../../runtime/modules/yolov5_head/contract.js';
import { honouredKeys, RUNTIME_TYPES, unhonouredKeys, unhonouredParts } from '../../runtime/modules/honoured.js';
import { contractOf } from '../../runtime/modules/registry.js';
import { SpecArgError, type BackboneSpec, type ModuleSpec } from '../../runtime/modules/contract.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { Json } from '../frontend/values.js';
import { provenanceOf, type ResolvedConfig } from '../types.js';

type Dict = { [k: string]: Json };

const isDict = (v: Json | undefined): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);
const dotted = (ptr: string) => ptr.slice(1).replace(/\//g, '.');
const bare = (t: string) => (t.includes('.') ? t.slice(t.lastIndexOf('.') + 1) : t);

/** The module dicts the runtime builds from, by pointer (those whose type it implements). */
function modelSlots(cfg: ResolvedConfig): [string, string, Dict][] {
  const model = cfg.data.model;
  if (!isDict(model)) return [];
  const out: [string, string, Dict][] = [];
  const add = (d: Json | undefined, ptr: string) => {
    if (isDict(d) && typeof d.type === 'string' && honouredKeys(d.type)) out.push([ptr, bare(d.type), d]);
  };
  add(model.backbone, '/model/backbone');
  add(model.neck, '/model/neck');
  add(model.bbox_head, '/model/bbox_head');
  if (isDict(model.bbox_head)) add(model.bbox_head.head_module, '/model/bbox_head/head_module');
  return out;
}

/** The stage count of a staged backbone's dict (its candidate levels less the stem), if its args parse. */
function stagesOf(contract: ModuleSpec<unknown>, d: Dict): number | undefined {
  try {
    return (contract as BackboneSpec<unknown>).candidates(contract.parseArgs({ ...d, frozen_stages: -1 })).length - 1;
  } catch (e) {
    if (e instanceof SpecArgError) return undefined;
    throw e;
  }
}

/** YC4020 for every key the runtime does not honour; YC4005 for a frozen_stages it cannot freeze;
 * a YC7404 warning for a load_from URL, which train refuses. */
export function checkRuntimeKeys(cfg: ResolvedConfig): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (ptr: string, code: string, message: string, fix: string) => out.push({
    code, severity: 'error', message, fix, path: ptr, span: provenanceOf(cfg, ptr)?.span,
  });
  const lf = cfg.data.load_from;
  if (typeof lf === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(lf)) {
    // train refuses it (runtime/engine/load-from.ts); check says so ahead, without failing a valid config.
    out.push({
      code: 'YC7404', severity: 'warning', path: '/load_from', span: provenanceOf(cfg, '/load_from')?.span,
      message: `load_from is a URL: yoloc train fetches nothing at run time and will refuse it`,
      fix: 'download the checkpoint, then set load_from to the local file (relative to the working directory) or pass --load-from FILE',
    });
  }
  for (const [ptr, type, d] of modelSlots(cfg)) {
    for (const u of unhonouredKeys(type, d)) at(`${ptr}/${u.key}`, 'YC4020', `${dotted(ptr)}: ${u.message}`, u.fix);
    for (const u of unhonouredParts(type, d)) at(`${ptr}/${u.key}`, 'YC4020', `${dotted(ptr)}.${u.message}`, u.fix);
    if (type === 'YOLOv5Head') {
      // class_weight is read (BCE pos_weight): its shape must fit what the loss can broadcast
      const hm = isDict(d.head_module) ? d.head_module : {};
      const classes = typeof hm.num_classes === 'number' ? hm.num_classes : 80;
      for (const [key, n] of [['loss_cls', classes], ['loss_obj', 1]] as const) {
        const part = d[key];
        if (!isDict(part) || !('class_weight' in part)) continue;
        const r = parseClassWeight(part.class_weight, n);
        if ('error' in r) {
          at(`${ptr}/${key}/class_weight`, r.kind === 'type' ? 'YC4004' : 'YC4005', `${dotted(ptr)}.${key}.class_weight ${r.error}`,
            n > 1 ? `give one number, or a list of ${n} (one per class)` : 'give one number (the objectness logits have no class axis)');
        }
      }
    }
    const contract = contractOf(type);
    if (contract?.role === 'backbone' && 'frozen_stages' in contract.defaults && typeof d.frozen_stages === 'number') {
      // mmyolo BaseBackbone asserts frozen_stages in range(-1, len(arch_setting) + 1).
      const arch = d.arch === 'P6' ? 'P6' : 'P5';
      const n = type === 'YOLOv5CSPDarknet' ? YOLOV5_ARCH_SETTINGS[arch].length : stagesOf(contract, d);
      const f = d.frozen_stages;
      if (n === undefined) continue;
      if (!Number.isInteger(f) || f < -1 || f > n) {
        at(`${ptr}/frozen_stages`, 'YC4005', `${dotted(ptr)}.frozen_stages must be an integer from -1 to ${n} (${arch}: stem and ${n} stages), got ${f}`,
          `set frozen_stages to -1 (nothing frozen) .. ${n} (the stem and every stage)`);
      }
    }
  }
  return out;
}

/**
 * Merges these refusals with the schema's diagnostics: where the schema already has an error at
 * the key, that one stands; a YC4003 warning (swallowed by **kwargs) becomes the refusal, keeping
 * its did-you-mean.
 */
export function mergeRuntimeKeys(schema: Diagnostic[], refusals: Diagnostic[]): Diagnostic[] {
  const kept = [...schema];
  const parent = (p: string | undefined) => (p ?? '').replace(/\/[^/]*$/, '');
  for (const r of refusals) {
    if (schema.some((d) => d.path === r.path && d.severity === 'error')) continue;
    // A default refused in a dict that has an unknown key (most often the same key misspelt)
    // is a cascade of that error, not a second one: the fix of the first decides it.
    if (/\(its default\)/.test(r.message) && schema.some((d) => d.code === 'YC4002' && parent(d.path) === parent(r.path))) continue;
    const i = kept.findIndex((d) => d.path === r.path && d.code === 'YC4003');
    if (i >= 0) {
      const rename = kept[i]!.fix?.startsWith('rename') ? kept[i]!.fix : undefined;
      kept.splice(i, 1, rename ? { ...r, fix: rename } : r);
    } else kept.push(r);
  }
  return kept;
}

/** Model parts whose type the runtime cannot build, in detector order. */
export function unrunnableParts(cfg: ResolvedConfig): { ptr: string; type: string; role: string }[] {
  const model = cfg.data.model;
  if (!isDict(model)) return [];
  const out: { ptr: string; type: string; role: string }[] = [];
  const look = (d: Json | undefined, ptr: string, role: string, allowed: readonly string[]) => {
    if (!isDict(d)) return;
    const t = d.type;
    if (!(typeof t === 'string' && allowed.includes(bare(t)))) out.push({ ptr: `${ptr}/type`, type: typeof t === 'string' ? t : String(t ?? 'None'), role });
  };
  look(model, '/model', 'detector', RUNTIME_TYPES.detector);
  look(model.backbone, '/model/backbone', 'backbone', RUNTIME_TYPES.backbone);
  look(model.neck, '/model/neck', 'neck', RUNTIME_TYPES.neck);
  look(model.bbox_head, '/model/bbox_head', 'head', RUNTIME_TYPES.head);
  // A head builds the head_module type its contract names.
  const own = isDict(model.bbox_head) && RUNTIME_TYPES.head.includes(bare(String(model.bbox_head.type))) ? contractOf(model.bbox_head.type)?.headModule : undefined;
  if (own && isDict(model.bbox_head)) look(model.bbox_head.head_module, '/model/bbox_head/head_module', 'head module', [own]);
  return out;
}

/**
 * One YC6005 line when the config's model cannot run at all (a YOLOv8, RTMDet, ... config):
 * a warning from check, the error of compile, instead of one YC6001 per module. `others` are
 * further types without a runtime (transforms, datasets) that compile found.
 */
export function familyVerdict(cfg: ResolvedConfig, severity: 'error' | 'warning', others: string[] = []): Diagnostic | undefined {
  const parts = unrunnableParts(cfg);
  if (!parts.length) return undefined;
  const more = others.length ? `; neither ${others.length === 1 ? 'does' : 'do'} ${others.join(', ')}` : '';
  return {
    code: 'YC6005', severity, path: parts[0]!.ptr, span: provenanceOf(cfg, parts[0]!.ptr)?.span,
    message: `this config's model cannot run in yoloc: ${parts.map((p) => `${p.type} (${p.role})`).join(', ')} ${parts.length === 1 ? 'has' : 'have'} no runtime implementation${more}`
      + (severity === 'warning' ? ' (check validates it; compile, train, test and infer refuse it)' : ''),
    fix: `yoloc runs YOLOv5, YOLOv8 and RTMDet configs, with StarNet backbones too (YOLODetector with a ${RUNTIME_TYPES.backbone.filter((t) => !t.startsWith('starnet_')).join(', ')} backbone, a ${RUNTIME_TYPES.neck.join(', ')} neck, a ${RUNTIME_TYPES.head.join(', ')} head), e.g. configs/yolov5/yolov5_s-v61_syncbn_8xb16-300e_coco.py or configs/starnet/yolov5_starnet_s050_synth_320.py`,
  };
}
