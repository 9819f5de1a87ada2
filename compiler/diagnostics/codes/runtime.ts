/**
 * Runtime codes (7xxx). The runtime never imports the compiler: it throws
 * runtime/errors.ts YolocError with these codes, and the CLI prints them.
 * Blocks: 70xx modules/forward, 71xx weights io, 72xx loss/eval, 73xx data, 74xx training,
 * 75xx backends/native.
 */
import type { CodeInfo } from '../catalog.js';

export const CODES: Record<string, CodeInfo> = {
  YC7000: { title: 'runtime error' },
  YC7100: { title: 'cannot open a weights or tensor file' },
  YC7101: { title: 'malformed safetensors file' },
  YC7102: { title: 'cannot write a file' },
  YC7401: { title: 'not a training checkpoint, or a damaged one' },
  YC7402: { title: 'training cannot start or resume' },
};
