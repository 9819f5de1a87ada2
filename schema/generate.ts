/**
 * schema/config.schema.json -> schema/types.generated.ts (json-schema-to-typescript).
 * `npm run gen:types` writes the file; tests/validate/types-drift.test.ts regenerates it in
 * memory and fails when the committed copy is stale. Output is deterministic: the schema's key
 * order is fixed and nothing time- or machine-dependent goes into the banner.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

/** The schema, the source of truth. */
export const SCHEMA_FILE = fileURLToPath(new URL('./config.schema.json', import.meta.url));
/** The generated types (committed; regenerate with `npm run gen:types`). */
export const TYPES_FILE = fileURLToPath(new URL('./types.generated.ts', import.meta.url));

const BANNER = `/* eslint-disable */
/**
 * AUTO-GENERATED from schema/config.schema.json by schema/generate.ts (npm run gen:types).
 * Do not edit by hand: change the schema and regenerate.
 */`;

/** The TypeScript source of the config types, from the schema text. */
export async function generateTypes(schemaText: string = readFileSync(SCHEMA_FILE, 'utf8')): Promise<string> {
  const schema = JSON.parse(schemaText) as JSONSchema;
  return compile(schema, 'YolocConfig', {
    bannerComment: BANNER,
    additionalProperties: false,
    unreachableDefinitions: true,
    format: false,
    cwd: fileURLToPath(new URL('.', import.meta.url)),
  });
}

async function main(): Promise<void> {
  const ts = await generateTypes();
  const tmp = `${TYPES_FILE}.${process.pid}.tmp`;
  writeFileSync(tmp, ts);
  renameSync(tmp, TYPES_FILE);
  console.log(`wrote ${TYPES_FILE} (${ts.split('\n').length} lines)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
