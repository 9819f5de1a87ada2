/** Diagnostic codes owned by the frontend phase. */
import type { CodeInfo } from '../catalog.js';

export const CODES: Record<string, CodeInfo> = {
};
