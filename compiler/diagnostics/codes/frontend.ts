/** Diagnostic codes owned by the frontend phase. */
import type { CodeInfo } from '../catalog.js';

export const CODES: Record<string, CodeInfo> = {
  // 3xxx inheritance, substitutions and overrides (compiler/inherit, compiler/resolve.ts).
  YC3001: { title: 'config or base file not found' },
  YC3002: { title: 'cycle in _base_ inheritance' },
  YC3003: { title: 'the same key is defined in two sibling bases' },
  YC3004: { title: 'a dict in the child cannot merge into a non-dict base value' },
  YC3005: { title: '_delete_ has no base key to delete, so MMEngine keeps it in the value' },
  YC3006: { title: 'unknown or missing scope for a scoped base (pkg::path)' },
  YC3007: { title: 'malformed _base_ (must be a string or a list of strings)' },
  YC3008: { title: 'unsupported config file extension' },
  YC3009: { title: '{{_base_.x}} names a key the bases do not define' },
  YC3010: { title: '{{...}} placeholder inside a string literal is left unsubstituted' },
  YC3011: { title: 'environment variable {{$VAR:}} not set and no default' },
  YC3012: { title: 'malformed --cfg-options entry' },
  YC3013: { title: '--cfg-options path does not fit the config (index or type)' },
  YC3014: { title: 'reserved key used as a config variable' },
  YC3015: { title: 'JSON syntax error' },
  YC3016: { title: 'YAML syntax error or unsupported YAML construct' },
  YC3017: { title: 'config file is deprecated (_deprecation_)' },
  YC3018: { title: 'value cannot be represented in the requested output' },
};
