/** Diagnostic codes owned by the emit phase (compiler/emit/, `yoloc compile`). */
import type { CodeInfo } from '../catalog.js';

export const CODES: Record<string, CodeInfo> = {
  YC6001: { title: 'a type the config uses has no runtime implementation, so nothing can be emitted for it' },
  YC6002: { title: 'a value the emitted module needs is missing or malformed' },
  YC6003: { title: 'the emitted TypeScript does not type-check' },
  YC6004: { title: 'the output folder cannot be written' },
  YC6005: { title: "the config's model (another detector family) cannot run in yoloc: one line for the whole config (check warns, compile refuses)" },
};
