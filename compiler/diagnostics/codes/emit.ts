/** Diagnostic codes owned by the emit phase. */
import type { CodeInfo } from '../catalog.js';

export const CODES: Record<string, CodeInfo> = {
};
