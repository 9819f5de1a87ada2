/**
 * Typed `.ts` configs: `export default defineConfig({...})` gets completion and type errors in
 * the editor from the generated types. yoloc never runs this file: compiler/frontend/typescript.ts
 * reads the object literal statically, so `defineConfig` only has to exist for the type checker.
 */
import type { YolocConfig } from './types.generated.js';

export type { YolocConfig, Module } from './types.generated.js';

/** Identity at run time; the parameter type is what gives the editor its checks. */
export function defineConfig<T extends YolocConfig>(config: T): T {
  return config;
}
