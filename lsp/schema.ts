/**
 * What schema/config.schema.json says about a place in a config: the registry type of a dict
 * (its `type`, looked up as the validator looks it up) or the fixed shape of a known key
 * (`train_dataloader`, `env_cfg`...), and each argument's default and description. Defaults are
 * written back in the language of the file being edited.
 */
import type { Json } from '../compiler/frontend/values.js';
import { schemaRegistry, type SchemaNode, type TypeEntry } from '../compiler/validate/registry.js';
import { lookupType } from '../compiler/validate/resolve-type.js';
import type { Lang } from './text.js';

/** The registry entry a `type` string names under `scope` (null scope: mmyolo's). */
export function typeEntry(typeName: string, scope: string | null): TypeEntry | undefined {
  const found = lookupType(schemaRegistry(), typeName, scope, false);
  return found.kind === 'found' ? found.entry : undefined;
}

/** The config's default_scope, if it sets one. */
export function defaultScope(data: { [k: string]: Json } | undefined): string | null {
  const s = data?.default_scope;
  return typeof s === 'string' ? s : null;
}

/** Follows `$ref: #/$defs/X`. */
function deref(node: SchemaNode | undefined): SchemaNode | undefined {
  const ref = node?.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/$defs/')) return schemaRegistry().schema.$defs[ref.slice(8)];
  return node;
}

/** The value at a key path of JSON data. */
export function jsonAt(data: Json | undefined, path: readonly (string | number)[]): Json | undefined {
  let cur: Json | undefined = data;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else if (cur !== null && typeof cur === 'object' && !Array.isArray(cur) && Object.prototype.hasOwnProperty.call(cur, seg)) cur = cur[String(seg)];
    else return undefined;
  }
  return cur;
}

/** The schema of the dict at `path`: its registry type (written there, or in the resolved data,
 *  e.g. set by a base), else the fixed shape the root schema gives that key path. */
export function dictSchema(
  path: readonly (string | number)[], writtenType: string | undefined, data: { [k: string]: Json } | undefined, scope: string | null,
): { node: SchemaNode; entry?: TypeEntry } | null {
  const here = jsonAt(data, path);
  const type = writtenType ?? (here !== null && typeof here === 'object' && !Array.isArray(here) && typeof here.type === 'string' ? here.type : undefined);
  if (type !== undefined) {
    const entry = typeEntry(type, scope);
    return entry ? { node: entry.def, entry } : null;
  }
  let node: SchemaNode | undefined = schemaRegistry().schema;
  for (const seg of path) {
    node = deref(node);
    if (!node) return null;
    const props: Record<string, SchemaNode> | undefined = node.properties;
    if (typeof seg === 'string' && props && Object.prototype.hasOwnProperty.call(props, seg)) node = props[seg];
    else if (typeof seg === 'number' && node.items) node = node.items;
    else if (typeof seg === 'string' && typeof node.additionalProperties === 'object') node = node.additionalProperties;
    else return null;
  }
  node = deref(node);
  // A registry slot (`model`, `backbone`...) without a type: which arguments apply is unknown.
  if (!node || node.anyOf || !node.properties) return null;
  return { node };
}

/** The arguments a dict of this schema takes (not `type`/`_scope_`, not `$schema`). */
export function argumentsOf(node: SchemaNode): [string, SchemaNode][] {
  return Object.entries(node.properties ?? {}).filter(([k]) => k !== 'type' && k !== '_scope_' && k !== '$schema');
}

/** The schema type of an argument, in words (`number`, `array | null`, a registry dict). */
export function schemaTypeText(node: SchemaNode): string {
  const n = deref(node);
  if (node.$ref === '#/$defs/Module' || n?.anyOf) return 'a registry dict (type=...)';
  if (n?.enum) return n.enum.map((v) => JSON.stringify(v)).join(' | ');
  const t = n?.type;
  return Array.isArray(t) ? t.join(' | ') : t ?? (n?.title ? n.title : 'any');
}

/** A JSON value as a literal of the file's language; `float` writes integral numbers as 1.0. */
export function literal(v: unknown, lang: Lang, float = false): string {
  if (lang === 'py') return pyLiteral(v, float);
  if (lang === 'ts') return tsLiteral(v);
  return jsonLiteral(v, float);
}

/** JSON with a space after commas and colons (`[2, 3, 4]`), valid YAML flow style too. */
function jsonLiteral(v: unknown, float = false): string {
  if (typeof v === 'number') return float && Number.isInteger(v) ? v.toFixed(1) : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x) => jsonLiteral(x)).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${jsonLiteral(x)}`).join(', ')}}`;
  return JSON.stringify(v) ?? 'null';
}

function pyLiteral(v: unknown, float = false): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return float && Number.isInteger(v) ? v.toFixed(1) : String(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map((x) => pyLiteral(x)).join(', ')}]`;
  const entries = Object.entries(v as object);
  return entries.every(([k]) => /^[A-Za-z_]\w*$/.test(k))
    ? `dict(${entries.map(([k, x]) => `${k}=${pyLiteral(x)}`).join(', ')})`
    : `{${entries.map(([k, x]) => `${pyLiteral(k)}: ${pyLiteral(x)}`).join(', ')}}`;
}

function tsLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(tsLiteral).join(', ')}]`;
  if (typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${tsLiteral(x)}`).join(', ')} }`;
  return String(v);
}

/** Whether an argument's schema says it is a float (so `1` is written `1.0`). */
export function isFloat(node: SchemaNode): boolean {
  const t = deref(node)?.type;
  return t === 'number' || (Array.isArray(t) && t.includes('number') && !t.includes('integer'));
}

/** One argument as documentation: `name: type = default`, then its description. */
export function argumentDoc(name: string, node: SchemaNode, lang: Lang = 'py', required = false): string {
  const d = node.default !== undefined ? ` = ${literal(node.default, lang, isFloat(node))}` : required ? ' (required)' : ' (no default)';
  const desc = typeof node.description === 'string' ? ` — ${node.description}` : '';
  return `${name}: ${schemaTypeText(node)}${d}${desc}`;
}

/** A registry type as documentation: where it comes from and its arguments with defaults. */
export function typeDoc(entry: TypeEntry, lang: Lang = 'py', max = 40): string {
  const args = argumentsOf(entry.def);
  const lines = [`**${entry.name}** (${entry.scope}${entry.def['x-yoloc-source'] ? `, ${entry.def['x-yoloc-source']}` : ''})`];
  if (typeof entry.def.description === 'string') lines.push('', entry.def.description);
  if (entry.def['x-yoloc-runtime']) lines.push('', 'yoloc runs this type.');
  if (args.length) {
    lines.push('', '```text', ...args.slice(0, max).map(([k, n]) => argumentDoc(k, n, lang, entry.def.required?.includes(k))), ...(args.length > max ? [`... ${args.length - max} more`] : []), '```');
  }
  return lines.join('\n');
}
