/**
 * The walk over a resolved config: every dict with a string `type` under a known top-level key
 * is a registry call; its type is looked up (resolve-type.ts) and its arguments validated against
 * that type's schema alone. User variables (any other top-level key) are not built by MMEngine,
 * so they are not checked: what they feed into is checked where it lands.
 */
import type { Diagnostic } from '../diagnostics/types.js';
import type { Json } from '../frontend/values.js';
import { pointer, type ResolvedConfig } from '../types.js';
import { dotted, pyRepr } from './describe.js';
import { diagAt, mapErrors } from './errors.js';
import type { SchemaRegistry, TypeEntry } from './registry.js';
import { lookupType } from './resolve-type.js';

interface Context {
  /** The current default registry scope (`_scope_` of the nearest dict that sets one). */
  scope: string | null;
  /** Inside mmdet.Albu's transforms: albumentations class names. */
  albu: boolean;
  /**
   * A `*_cfg` sub-block (block_cfg, attention_cfg, norm_cfg): the parent module fills in
   * channels and the like, so arguments without defaults are not required here.
   */
  partial?: boolean;
}

type JsonObject = { [k: string]: Json };

function isObject(v: Json | undefined): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Registry types MMEngine assumes when a dict at this place has no `type`. */
const IMPLICIT: Record<string, [string, string]> = {
  '/optim_wrapper': ['mmengine', 'OptimWrapper'],
};

/** Walks one config; collects diagnostics. */
export class ConfigWalker {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly reg: SchemaRegistry, private readonly cfg: ResolvedConfig) {}

  /** Walks the value under a known top-level key. */
  walk(value: Json, segs: (string | number)[], ctx: Context): void {
    if (Array.isArray(value)) {
      value.forEach((v, i) => this.walk(v, [...segs, i], ctx));
      return;
    }
    if (!isObject(value)) return;
    const ptr = pointer(segs);
    const scope = typeof value._scope_ === 'string' ? value._scope_ : ctx.scope;
    const t = value.type;
    let entry: TypeEntry | undefined;
    let implicit = false;
    if (typeof t === 'string') {
      const found = lookupType(this.reg, t, scope, ctx.albu);
      if (found.kind === 'foreign') return;
      if (found.kind === 'unknown-scope') {
        this.diagnostics.push(diagAt(this.cfg, `${ptr}/type`, 'YC4008', found.suggestion ? 'error' : 'warning',
          `unknown registry scope '${found.scope}' in ${dotted(ptr)}` + (found.suggestion ? `: did you mean '${found.suggestion}'?` : '; its types are not checked'),
          found.suggestion ? `change type to '${found.suggestion}'` : undefined));
        return;
      }
      if (found.kind === 'unknown' && found.near) {
        // An imported name: reported where it is imported, with the nearest registered types.
        const name = t.split('.').at(-1)!;
        this.diagnostics.push(diagAt(this.cfg, `${ptr}/type`, 'YC4001', 'error',
          `unknown type '${t}' in ${dotted(ptr)}: yoloc knows no type '${name}' in ${t.split('.')[0]}; the nearest known types are ${found.near.join(', ')}`,
          `import one of ${found.near.join(', ')} instead`, true));
      } else if (found.kind === 'unknown') {
        this.diagnostics.push(diagAt(this.cfg, `${ptr}/type`, 'YC4001', 'error',
          `unknown type ${pyRepr(t)} in ${dotted(ptr)}` + (found.suggestion ? `: did you mean '${found.suggestion}'?` : ''),
          found.suggestion ? `change type to '${found.suggestion}'` : undefined));
      } else {
        entry = found.entry;
      }
    } else if (t === undefined && IMPLICIT[ptr]) {
      entry = this.reg.get(...IMPLICIT[ptr]!);
      implicit = true;
    }
    if (entry) this.check(value, ptr, entry, implicit, ctx.partial === true);
    for (const [k, v] of Object.entries(value)) {
      if (k === 'type' || k === '_scope_') continue;
      const prop = entry?.def.properties?.[k];
      this.walk(v, [...segs, k], { scope, albu: prop?.['x-yoloc-scope'] === 'albu', partial: k.endsWith('_cfg') });
    }
  }

  /**
   * Keyword arguments a module passes on to a type it builds (EMAHook -> its ema_type): checked
   * against that type's schema, as `{type: <that type>, ...the extra keys}`.
   */
  private checkForwarded(value: JsonObject, ptr: string, entry: TypeEntry, field: string): void {
    const own = entry.def.properties ?? {};
    const extras = Object.entries(value).filter(([k]) => !(k in own));
    const named = value[field] ?? (own[field] as { default?: Json } | undefined)?.default;
    if (typeof named !== 'string') return;
    const found = lookupType(this.reg, named, null, false);
    if (found.kind !== 'found') return;
    const target = found.entry;
    const validate = this.reg.typeValidator(target);
    const sub: JsonObject = { type: `${target.scope}.${target.name}`, ...Object.fromEntries(extras) };
    if (validate(sub)) return;
    const errors = (validate.errors ?? []).filter((e) => !(e.keyword === 'required' && e.instancePath === ''));
    this.diagnostics.push(...mapErrors(this.cfg, { ptr, typeName: `${entry.name} -> ${target.name}`, schema: target.def }, errors));
  }

  /**
   * Arguments that MMEngine builds (`$ref: Module` in the schema) need a `type`: a dict without
   * one fails at build time with KeyError, typically after `_delete_=True` dropped it.
   */
  private checkModuleSlots(value: JsonObject, ptr: string, entry: TypeEntry): void {
    for (const [k, prop] of Object.entries(entry.def.properties ?? {})) {
      const v = value[k];
      if (v === undefined) continue;
      const isSlot = prop.$ref === '#/$defs/Module' || prop.anyOf?.some((a) => a.$ref === '#/$defs/Module');
      const isList = prop.items?.$ref === '#/$defs/Module';
      const items: [Json, string][] = isSlot ? [[v, `${ptr}/${k}`]] : isList && Array.isArray(v) ? v.map((x, i) => [x, `${ptr}/${k}/${i}`]) : [];
      for (const [x, p] of items) {
        if (!isObject(x) || 'type' in x) continue;
        this.diagnostics.push(diagAt(this.cfg, p, 'YC4007', 'error',
          `${dotted(p)} is built by the registry but has no 'type'`, `add type='...' to ${dotted(p)}`));
      }
    }
  }

  /** Validates one registry call's arguments against its type's schema. */
  private check(value: JsonObject, ptr: string, entry: TypeEntry, implicitType: boolean, partial: boolean): void {
    this.checkModuleSlots(value, ptr, entry);
    const validate = this.reg.typeValidator(entry);
    if (validate(value)) {
      const forwardTo = entry.def['x-yoloc-kwargs-to'];
      if (typeof forwardTo === 'string') this.checkForwarded(value, ptr, entry, forwardTo);
      return;
    }
    const errors = partial ? (validate.errors ?? []).filter((e) => !(e.keyword === 'required' && e.instancePath === '')) : validate.errors ?? [];
    const forwardTo = entry.def['x-yoloc-kwargs-to'];
    if (typeof forwardTo === 'string') this.checkForwarded(value, ptr, entry, forwardTo);
    const diags = mapErrors(this.cfg, {
      ptr, typeName: entry.name, schema: entry.def, ignoresKwargs: entry.def['x-yoloc-kwargs'] === 'ignored', implicitType,
    }, errors);
    this.diagnostics.push(...diags);
  }
}
