/** The repository root, for commands that use bundled files (configs/). */
import path from 'node:path';

export const ROOT_DIR = path.resolve(import.meta.dirname, '..');
