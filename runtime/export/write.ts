/**
 * Atomic writes for the exporters: a file goes to a temp name beside its target, is fsynced and
 * renamed; a folder is built under a temp name and renamed into place. A failure leaves nothing
 * half-written and is a YC7102 naming the path.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { YolocError } from '../errors.js';

/** Writes `data` to `file` atomically. */
export function writeFileAtomic(file: string, data: Uint8Array | string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}`);
  let fd = -1;
  try {
    fd = openSync(tmp, 'w');
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, file);
  } catch (e) {
    if (fd >= 0) try { closeSync(fd); } catch { /* already closed */ }
    try { rmSync(tmp, { force: true }); } catch { /* not there */ }
    throw new YolocError('YC7102', `cannot write: ${(e as Error).message}`, file);
  }
}

/** Builds folder `dir` with `fill(tmpDir)` and renames it into place; `dir` must be absent or empty. */
export function writeDirAtomic(dir: string, fill: (tmp: string) => void): void {
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
    throw new YolocError('YC7607', 'the output folder exists and is not empty', dir, 'remove it, or export to a new folder');
  }
  const tmp = path.join(path.dirname(dir), `.${path.basename(dir)}.tmp-${process.pid}`);
  try {
    mkdirSync(tmp, { recursive: false });
  } catch (e) {
    throw new YolocError('YC7102', `cannot create the output folder: ${(e as Error).message}`, dir);
  }
  try {
    fill(tmp);
    if (existsSync(dir)) rmSync(dir, { recursive: true });
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (e instanceof YolocError) throw e;
    throw new YolocError('YC7102', `cannot write: ${(e as Error).message}`, dir);
  }
}
