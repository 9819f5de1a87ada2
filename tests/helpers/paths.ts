/** Paths tests share: the repository root and ../shared (fixtures, reference), beside the clone. */
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SHARED = process.env.YOLOC_SHARED ?? path.resolve(ROOT, '../shared');
export const FIXTURES = path.join(SHARED, 'fixtures');
