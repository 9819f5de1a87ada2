/**
 * The schema as the validator sees it: schema/config.schema.json loaded once, an index of its
 * registry types by scope, and ajv validators compiled lazily per type and cached.
 *
 * Module slots (`$ref: #/$defs/Module`) are a union of every type, which is what editors want
 * for completion; for validation that union would bury one typo under hundreds of oneOf
 * failures, so the validator's copy replaces it with `{type: object}` and dispatches on the
 * `type` value itself (walk.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/** The subset of a JSON Schema node the validator reads. */
export interface SchemaNode {
  type?: string | string[];
  title?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  enum?: unknown[];
  const?: unknown;
  anyOf?: SchemaNode[];
  $ref?: string;
  'x-yoloc-scope'?: string;
  'x-yoloc-name'?: string;
  'x-yoloc-kwargs'?: 'ignored' | 'forwarded';
  'x-yoloc-runtime'?: boolean;
  'x-yoloc-source'?: string;
  [k: string]: unknown;
}

/** One registry type: where it lives in the schema and how it is spelled. */
export interface TypeEntry {
  /** `$defs` key, `<scope>.<name>`. */
  key: string;
  scope: string;
  name: string;
  def: SchemaNode;
}

/** Registry scopes the schema knows; mmcv registers into MMEngine's root registries. */
export const KNOWN_SCOPES = ['mmyolo', 'mmdet', 'mmengine', 'mmcv'] as const;

/** OpenMMLab packages whose types yoloc does not describe: their subtrees are not checked. */
export const FOREIGN_SCOPES = new Set([
  'mmrotate', 'mmrazor', 'mmpose', 'mmcls', 'mmpretrain', 'mmseg', 'mmocr', 'mmdeploy', 'mmaction',
  'mmtrack', 'mmagic', 'mmedit', 'mmselfsup', 'mmfewshot', 'mmflow', 'mmhuman3d', 'mmdet3d', 'mmgen',
]);

/** Absolute path of the schema file (also what `$schema` keys in JSON/YAML configs point at). */
export const SCHEMA_PATH = fileURLToPath(new URL('../../schema/config.schema.json', import.meta.url));

/** The loaded schema and its indexes. */
export class SchemaRegistry {
  readonly schema: SchemaNode & { $defs: Record<string, SchemaNode> };
  /** scope -> name -> entry. */
  private readonly byScope = new Map<string, Map<string, TypeEntry>>();
  readonly entries: TypeEntry[] = [];
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();
  private readonly id: string;

  constructor(schema: SchemaNode & { $defs: Record<string, SchemaNode> }) {
    this.schema = schema;
    this.id = String(schema.$id ?? 'urn:yoloc:config');
    for (const [key, def] of Object.entries(schema.$defs)) {
      const scope = def['x-yoloc-scope'];
      const name = def['x-yoloc-name'];
      if (!scope || !name) continue;
      const entry: TypeEntry = { key, scope, name, def };
      this.entries.push(entry);
      if (!this.byScope.has(scope)) this.byScope.set(scope, new Map());
      this.byScope.get(scope)!.set(name, entry);
    }
    const forValidation = structuredClone(schema);
    forValidation.$defs.Module = { type: 'object' };
    this.ajv = new Ajv2020({ allErrors: true, verbose: true, ownProperties: true, strict: false, validateFormats: false, validateSchema: false, code: { optimize: false } });
    this.ajv.addSchema(forValidation);
  }

  /** The entry registered as `name` in `scope`, if any. */
  get(scope: string, name: string): TypeEntry | undefined {
    return this.byScope.get(scope)?.get(name);
  }

  /** Every scope that registers `name`. */
  scopesOf(name: string): TypeEntry[] {
    const out: TypeEntry[] = [];
    for (const m of this.byScope.values()) {
      const e = m.get(name);
      if (e) out.push(e);
    }
    return out;
  }

  /** The names registered in a scope. */
  names(scope: string): string[] {
    return [...(this.byScope.get(scope)?.keys() ?? [])];
  }

  /** The validator of the whole config (top-level keys, data loaders, env_cfg, ...). */
  topValidator(): ValidateFunction {
    return this.compiled('');
  }

  /** The validator of one registry type's argument dict. */
  typeValidator(entry: TypeEntry): ValidateFunction {
    return this.compiled('/$defs/' + entry.key.replace(/~/g, '~0').replace(/\//g, '~1'));
  }

  private compiled(fragment: string): ValidateFunction {
    let v = this.cache.get(fragment);
    if (!v) {
      v = this.ajv.getSchema(this.id + '#' + fragment);
      if (!v) throw new Error(`schema fragment not found: ${fragment}`);
      this.cache.set(fragment, v);
    }
    return v;
  }
}

let shared: SchemaRegistry | undefined;

/** The registry of schema/config.schema.json, loaded on first use and then reused. */
export function schemaRegistry(): SchemaRegistry {
  if (!shared) shared = new SchemaRegistry(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as SchemaNode & { $defs: Record<string, SchemaNode> });
  return shared;
}
