/**
 * What schema/config.schema.json says about a place in a config: the registry type of a dict
 * (its `type`, looked up as the validator looks it up) or the fixed shape of a known key
 * (`train_dataloader`, `env_cfg`...), and each argument's default and description. Defaults are
 * written back in the language of the file being edited.
 */
import type { Json } from '../compiler/frontend/values.js';
import { readFileSync } from 'node:fs';
import { SCHEMA_PATH, schemaRegistry, type SchemaNode, type TypeEntry } from '../compiler/validate/registry.js';
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

/** Whether the number at a sub-path of a value (`''`, `/0`, `/k`) is a Python float. */
export type FloatAt = (sub: string) => boolean;

/** A JSON value as a literal of the file's language; numbers `floatAt` names that are integral
 *  are written `1.0` (JSON does not keep Python's int/float difference). */
export function literal(v: unknown, lang: Lang, floatAt: FloatAt = () => false, sub = ''): string {
  const item = (x: unknown, k: string | number) => literal(x, lang, floatAt, `${sub}/${String(k).replace(/~/g, '~0').replace(/\//g, '~1')}`);
  const quote = (x: string) => `'${x.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof v === 'number') return floatAt(sub) && Number.isInteger(v) ? v.toFixed(1) : JSON.stringify(v);
  if (v === null || v === undefined) return lang === 'py' ? 'None' : 'null';
  if (typeof v === 'boolean') return lang === 'py' ? (v ? 'True' : 'False') : String(v);
  if (typeof v === 'string') return lang === 'py' || lang === 'ts' ? quote(v) : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(item).join(', ')}]`;
  const entries = Object.entries(v as object);
  if (lang === 'py') {
    return entries.every(([k]) => /^[A-Za-z_]\w*$/.test(k))
      ? `dict(${entries.map(([k, x]) => `${k}=${item(x, k)}`).join(', ')})`
      : `{${entries.map(([k, x]) => `${quote(k)}: ${item(x, k)}`).join(', ')}}`;
  }
  if (lang === 'ts') return `{ ${entries.map(([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k)}: ${item(x, k)}`).join(', ')} }`;
  // JSON with a space after commas and colons, which is YAML flow style too.
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}: ${item(x, k)}`).join(', ')}}`;
}

let floats: Set<string> | undefined;
const pointers = new WeakMap<object, string>();

/** JSON Pointers of the numbers schema/config.schema.json writes as floats (`"default": 1.0`,
 *  the Python signature's float), and the pointer of each schema node. */
function schemaFloats(): Set<string> {
  if (floats) return floats;
  const walk = (v: unknown, ptr: string): void => {
    if (v === null || typeof v !== 'object') return;
    pointers.set(v, ptr);
    for (const [k, x] of Object.entries(v)) walk(x, `${ptr}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  };
  walk(schemaRegistry().schema, '');
  floats = floatPointers(readFileSync(SCHEMA_PATH, 'utf8'));
  return floats;
}

/** The pointers of numbers written with a fraction or an exponent in a JSON text. */
export function floatPointers(text: string): Set<string> {
  const out = new Set<string>();
  let i = 0;
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const str = (): string => {
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    const s = JSON.parse(text.slice(i, j + 1)) as string;
    i = j + 1;
    return s;
  };
  const value = (ptr: string): void => {
    space();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      space();
      for (let n = 0; text[i] !== close && i < text.length; n++) {
        let key = String(n);
        if (c === '{') {
          key = str();
          space();
          i++; // ':'
        }
        value(`${ptr}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
        space();
        if (text[i] === ',') i++;
        space();
      }
      i++;
    } else if (c === '"') {
      str();
    } else {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?|^(true|false|null)/.exec(text.slice(i, i + 64));
      if (!m) throw new Error(`not JSON at ${i}`);
      if (m[1] || m[2]) out.add(ptr);
      i += m[0].length;
    }
  };
  value('');
  return out;
}

/** An argument's default as a literal of the file's language (floats as the signature has them). */
export function defaultLiteral(node: SchemaNode, lang: Lang): string {
  const set = schemaFloats();
  const at = `${pointers.get(node) ?? '?'}/default`;
  return literal(node.default, lang, (sub) => set.has(at + sub));
}

/** One argument as documentation: `name: type = default`, then its description. */
export function argumentDoc(name: string, node: SchemaNode, lang: Lang = 'py', required = false): string {
  const d = node.default !== undefined ? ` = ${defaultLiteral(node, lang)}` : required ? ' (required)' : ' (no default)';
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
