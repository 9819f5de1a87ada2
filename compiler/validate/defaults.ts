/**
 * `--why` for a key the resolved config does not hold: either an argument of a registry type
 * that the config leaves to its default (the schema's default, which is the module's signature
 * default in MMYOLO's source), or a misspelt key path (a did-you-mean over the keys the config
 * has and the arguments its type takes).
 */
import path from 'node:path';
import { LineMap } from '../diagnostics/types.js';
import type { Json } from '../frontend/values.js';
import { provenanceOf, pointer, type ResolvedConfig } from '../types.js';
import { suggest } from './didyoumean.js';
import { pyRepr } from './describe.js';
import { SCHEMA_PATH, schemaRegistry, type SchemaNode } from './registry.js';
import { lookupType } from './resolve-type.js';
import { contractOf, SpecArgError, type RawArgs } from '../../runtime/modules/contracts.js';

/** The module contracts the shape checks and the runtime build with, by type name (heads' own args only). */
const SPECS = (type: string): { parseArgs(raw: RawArgs): unknown } | undefined => {
  const c = contractOf(type);
  return c && c.role !== 'head' && c.role !== 'detector' ? c : undefined;
};

/** A JSON value as Python writes it (`[2, 3, 4]`, `'P5'`, `False`, `None`). */
function py(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `[${v.map(py).join(', ')}]`;
  if (typeof v === 'object') return `dict(${Object.entries(v).map(([k, x]) => `${k}=${py(x)}`).join(', ')})`;
  return String(v);
}

/** The value the module spec (runtime/modules) fills in for an unset argument, if it has one. */
function specDefault(type: string, dict: JsonObject, arg: string): unknown {
  const spec = SPECS(type);
  if (!spec) return undefined;
  try {
    const args = spec.parseArgs(dict as RawArgs) as Record<string, unknown>;
    return Object.prototype.hasOwnProperty.call(args, arg) ? args[arg] : undefined;
  } catch (e) {
    if (e instanceof SpecArgError) return undefined;
    throw e;
  }
}

/** What `--why` says about a key path the config does not hold. */
export type Absent =
  | { kind: 'default'; text: string }
  | { kind: 'missing'; message: string; fix?: string };

type JsonObject = { [k: string]: Json };

function isObject(v: Json | undefined): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The registry type of the dict at `segs` (null: not a dict with a known `type`). */
function typeOf(cfg: ResolvedConfig, dict: JsonObject): { name: string; schema: SchemaNode; source?: string } | null {
  if (typeof dict.type !== 'string') return null;
  const scope = typeof cfg.data.default_scope === 'string' ? cfg.data.default_scope : null;
  const found = lookupType(schemaRegistry(), dict.type, typeof dict._scope_ === 'string' ? dict._scope_ : scope, false);
  if (found.kind !== 'found') return null;
  return { name: found.entry.name, schema: found.entry.def, source: found.entry.def['x-yoloc-source'] };
}

/** Explains a dotted key path that is not in the resolved config; `readText` reads sources for the code line. */
export function explainAbsent(
  cfg: ResolvedConfig, key: string, readText: (file: string) => string | undefined, cwd = process.cwd(),
): Absent {
  const segs = key.split('.');
  let cur: Json = cfg.data;
  const rel = (f: string): string => {
    const r = path.relative(cwd, f);
    return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : f;
  };
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const here = segs.slice(0, i).join('.');
    if (Array.isArray(cur)) {
      if (/^[0-9]+$/.test(seg) && Number(seg) < cur.length) {
        cur = cur[Number(seg)]!;
        continue;
      }
      return { kind: 'missing', message: `'${key}' is not a key of the resolved config: ${here || '(config)'} is a list of ${cur.length} item${cur.length === 1 ? '' : 's'}, indexed 0 to ${cur.length - 1}` };
    }
    if (!isObject(cur)) {
      return { kind: 'missing', message: `'${key}' is not a key of the resolved config: ${here} is ${pyRepr(cur)}, not a dict` };
    }
    if (Object.prototype.hasOwnProperty.call(cur, seg)) {
      cur = cur[seg]!;
      continue;
    }
    const type = typeOf(cfg, cur);
    const props = type?.schema.properties ?? {};
    const last = i === segs.length - 1;
    if (type && last && Object.prototype.hasOwnProperty.call(props, seg) && seg !== 'type' && seg !== '_scope_') {
      return defaultText(cfg, key, here, type, seg, props[seg]!, specDefault(type.name, cur, seg), readText, rel);
    }
    // A misspelling: the keys this dict has, and the arguments its type takes.
    const have = Object.keys(cur);
    const candidates = [...have, ...Object.keys(props).filter((k) => k !== '_scope_' && !have.includes(k))];
    const hit = suggest(seg, candidates);
    if (hit !== undefined) {
      const fixed = [...segs.slice(0, i), hit, ...segs.slice(i + 1)].join('.');
      return { kind: 'missing', message: `'${key}' is not a key of the resolved config: did you mean '${fixed}'?`, fix: `use --why ${fixed}` };
    }
    const list = have.length && have.length <= 12 ? `; ${here || 'the config'} has ${have.join(', ')}` : '';
    return { kind: 'missing', message: `'${key}' is not a key of the resolved config: ${here ? `${here} has no '${seg}'` : `no top-level '${seg}'`}${list}` };
  }
  return { kind: 'missing', message: `'${key}' is not a key of the resolved config` };
}

function defaultText(
  cfg: ResolvedConfig, key: string, owner: string, type: { name: string; source?: string }, arg: string, node: SchemaNode,
  runtime: unknown, readText: (file: string) => string | undefined, rel: (f: string) => string,
): Absent {
  const lines: string[] = [];
  const from = `${type.name}'s argument ${arg}${type.source ? ` (${type.source})` : ''}`;
  if (node.default !== undefined) {
    lines.push(`${key} = ${py(node.default)}  (not set in the config: the default)`);
    lines.push(`  default: ${from}, as recorded in ${rel(SCHEMA_PATH)}`);
  } else {
    lines.push(`${key} is not set in the config, and ${type.name} has no default for it`);
    lines.push(`  argument: ${from}`);
  }
  // The shape checks and the runtime build from the module spec: say what it fills in too.
  if (runtime !== undefined) lines.push(`  shape checks and runtime use: ${py(runtime)} (the ${type.name} spec in runtime/modules)`);
  const prov = owner ? provenanceOf(cfg, pointer(owner.split('.'))) : undefined;
  if (prov) {
    lines.push(`  ${owner} set at: ${rel(prov.span.file)}:${prov.span.line}:${prov.span.col}`);
    const text = readText(prov.span.file);
    if (text !== undefined) lines.push(`    ${new LineMap(prov.span.file, text).lineText(prov.span.line).trim()}`);
  }
  return { kind: 'default', text: lines.join('\n') };
}
