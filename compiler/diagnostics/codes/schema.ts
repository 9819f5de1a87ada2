/** Diagnostic codes owned by the schema phase. */
import type { CodeInfo } from '../catalog.js';

export const CODES: Record<string, CodeInfo> = {
  // 40xx: validation against schema/config.schema.json (compiler/validate).
  YC4001: { title: 'unknown registry type' },
  YC4002: { title: 'unknown argument for this type (or unknown key in a fixed-shape dict)' },
  YC4003: { title: 'argument the module accepts through **kwargs and ignores' },
  YC4004: { title: 'value has the wrong type' },
  YC4005: { title: 'value out of range' },
  YC4006: { title: 'value is not one of the allowed choices' },
  YC4007: { title: 'required argument missing' },
  YC4008: { title: 'unknown registry scope' },
  YC4009: { title: 'value violates another schema constraint' },
  YC4010: { title: 'top-level name one or two edits from a config key MMEngine reads (kept as a plain variable)' },
  YC4020: { title: 'a model argument the yoloc runtime does not honour (it would be ignored): refused by check, compile and train' },
  // 49xx: the TypeScript config reader (compiler/frontend/typescript.ts).
  YC4901: { title: 'TypeScript syntax error in a .ts config' },
  YC4902: { title: 'construct not supported in a .ts config (only literals, arrays, objects, spreads, arithmetic and top-level consts)' },
  YC4903: { title: 'a .ts config must `export default defineConfig({...})` or an object literal' },
  YC4904: { title: 'name is not a top-level const of the .ts config' },
  YC4905: { title: '_base_ is not supported in .ts configs' },
};
