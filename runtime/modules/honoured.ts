/**
 * Which config keys of which model types the runtime honours (pure, no tfjs). Each module type's
 * list lives in its contract (runtime/modules/<type>/contract.ts: `honoured`, and `parts` for a
 * head's loss, prior and coder dicts); this file applies them. `check` refuses any other key at
 * its line (compiler/validate/runtime-keys.ts), `compile` runs that check before emitting, and the
 * runtime's builder (runtime/model/build.ts) refuses the same keys, so a key is either used by all
 * three or refused by all three.
 */
import { bareType, type HonouredKeys, type Json, type PartContract } from './contract.js';
import { CONTRACTS, contractOf, RUNTIME_TYPES } from './registry.js';

export type { HonouredKeys } from './contract.js';
export { RUNTIME_TYPES } from './registry.js';

/** Every (bare type, honoured keys) pair: each contract's, and each head's part dicts (a loss type can appear under several heads, with other keys). */
export const HONOURED_ENTRIES: readonly (readonly [string, HonouredKeys])[] = [
  ...CONTRACTS.map((c) => [c.type, c.honoured] as const),
  ...CONTRACTS.flatMap((c) => Object.values(c.parts ?? {}).map((p) => [bareType(p.type)!, p.honoured] as const)),
];

/** Honoured keys by bare type name: every contract's, then the part types of the heads (first one wins). */
export const HONOURED: Readonly<Record<string, HonouredKeys>> = (() => {
  const out: Record<string, HonouredKeys> = {};
  const add = (t: string, h: HonouredKeys) => { if (!(t in out)) out[t] = h; };
  for (const c of CONTRACTS) add(c.type, c.honoured);
  for (const c of CONTRACTS) for (const p of Object.values(c.parts ?? {})) add(bareType(p.type)!, p.honoured);
  return out;
})();

/** The entry of a type (its contract's; StarNet presets such as `starnet_s050` share StarNet's). */
export function honouredKeys(type: string): HonouredKeys | undefined {
  return contractOf(type)?.honoured;
}

/** A value as Python writes it in a config (None, True, [..]), for messages. */
function py(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `[${v.map(py).join(', ')}]`;
  if (typeof v === 'object') return `dict(${Object.entries(v).map(([k, x]) => `${k}=${py(x)}`).join(', ')})`;
  return String(v);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A key of a module dict that the runtime would not honour. */
export interface Unhonoured {
  key: string;
  /** One sentence: what is wrong and what the runtime does. */
  message: string;
  /** A concrete fix. */
  fix: string;
}

/** The keys of `dict` (a module of type `type`) that the runtime does not honour, in dict order. */
export function unhonouredKeys(type: string, dict: Readonly<Record<string, unknown>>, h = honouredKeys(type)): Unhonoured[] {
  if (!h) return [];
  const out: Unhonoured[] = [];
  for (const [key, { value, upstreamDefault }] of Object.entries(h.requires ?? {})) {
    const v = dict[key] === undefined ? upstreamDefault : dict[key];
    if (sameJson(v, value)) continue;
    out.push({
      key, message: `${type}.${key}=${py(v)}${dict[key] === undefined ? ' (its default)' : ''} is not implemented by the yoloc runtime (only ${py(value)} is)`,
      fix: `set ${key}=${py(value)}`,
    });
  }
  for (const [key, value] of Object.entries(dict)) {
    if (h.reads.includes(key) || h.inert.includes(key) || key in (h.requires ?? {})) continue;
    if (h.swallowsKwargs && !(key in h.onlyDefault)) continue;
    if (key in h.onlyDefault) {
      const d = h.onlyDefault[key]!;
      if (value === undefined || sameJson(value, d)) continue;
      out.push({
        key, message: `${type}.${key}=${py(value)} is not implemented by the yoloc runtime (only its default, ${py(d)}, is)`,
        fix: `remove ${key} (or set it to ${py(d)})`,
      });
      continue;
    }
    out.push({
      key, message: `${type}.${key} is not honoured by the yoloc runtime${h.note ? ` (${h.note})` : ''}`,
      fix: `remove ${key}; the runtime reads: ${[...h.reads].join(', ')}`,
    });
  }
  return out;
}

/**
 * What the runtime refuses in a head's loss, prior and coder dicts (its contract's `parts`): a type
 * other than the one it computes, or keys it does not honour; keyed relative to bbox_head.
 */
export function unhonouredParts(type: string, head: Readonly<Record<string, unknown>>): Unhonoured[] {
  const out: Unhonoured[] = [];
  for (const [slot, part] of Object.entries(contractOf(type)?.parts ?? {})) out.push(...unhonouredPart(slot, part, head[slot]));
  return out;
}

/** unhonouredParts of a YOLOv5Head dict (what the YOLOv5 loss reads). */
export function unhonouredHeadParts(head: Readonly<Record<string, unknown>>): Unhonoured[] {
  return unhonouredParts('YOLOv5Head', head);
}

function unhonouredPart(slot: string, part: PartContract, d: unknown): Unhonoured[] {
  if (!d || typeof d !== 'object' || Array.isArray(d)) return [];
  const dict = d as Record<string, unknown>;
  const scoped = part.type;
  const [scope, want] = scoped.split('.') as [string, string];
  const t = typeof dict.type === 'string' ? dict.type : undefined;
  const dot = t?.lastIndexOf('.') ?? -1;
  const bare = t !== undefined && dot >= 0 ? t.slice(dot + 1) : t;
  // Without a prefix the name resolves in mmyolo's registry, which falls back to mmdet's for
  // these names; with one it must be that scope (mmdet.IoULoss is another loss than mmyolo's).
  const prefix = t !== undefined && dot >= 0 ? t.slice(0, dot) : undefined;
  if (bare !== undefined && (bare !== want || (prefix !== undefined && prefix !== scope))) {
    return [{ key: `${slot}/type`, message: `${slot} type '${t}' is not implemented by the yoloc runtime (it computes ${scoped})`, fix: `use type='${scope === 'mmyolo' ? want : scoped}'` }];
  }
  return unhonouredKeys(want, dict, part.honoured).map((u) => ({ key: `${slot}/${u.key}`, message: `${slot}: ${u.message}`, fix: u.fix }));
}
