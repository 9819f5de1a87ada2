/** MMEngine's load_from: which weights file a training run starts from (no tfjs, so the CLI can check it first). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { YolocError } from '../errors.js';

/** The weights to start from: --load-from, else the config's load_from; a URL or a missing file is a YC7404. */
export function loadFromPath(flag: string | undefined, cfgValue: unknown): { file: string; from: string } | null {
  const from = flag !== undefined ? '--load-from' : 'config load_from';
  const value = flag ?? cfgValue;
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') {
    throw new YolocError('YC7404', `load_from must be a path string or None, got ${JSON.stringify(value)}`, undefined, "set load_from = 'path/to/weights.pth' or None");
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new YolocError('YC7404', `${from} is a URL (${value}): yoloc fetches nothing at run time`, undefined,
      `download it first (e.g. \`wget ${value}\`), then set load_from to the local file or pass --load-from FILE`);
  }
  // MMEngine opens load_from relative to the working directory, not to the config.
  const file = path.resolve(value);
  if (!existsSync(file)) {
    throw new YolocError('YC7404', `${from} ${value} does not exist (looked for ${file}; relative paths start at the working directory, as in MMEngine)`, undefined,
      'download the checkpoint there, or pass --load-from FILE (--load-from overrides load_from)');
  }
  return { file: value, from };
}
