/** Diagnostic codes owned by the shapes phase. */
import type { CodeInfo } from '../catalog.js';

export const CODES: Record<string, CodeInfo> = {
};
