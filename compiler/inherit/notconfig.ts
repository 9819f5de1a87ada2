/**
 * Paths that are not a config file at all, said in one line each: a folder given as CONFIG
 * (with configs in it to name instead), and a binary file (an image or a checkpoint renamed
 * `.py`), which would otherwise be parsed into hundreds of syntax errors.
 */
import { closeSync, fstatSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_EXTENSIONS } from '../frontend/load.js';
import { suggest } from '../validate/didyoumean.js';

/** `file` relative to the working directory when it is under it (as the user likely typed it). */
function rel(file: string): string {
  const r = path.relative(process.cwd(), file);
  return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : file;
}

/** The message and fix for a folder named as a config, or null when `file` is not a folder;
 *  `asWritten` is how the user wrote it (a `_base_` entry), else the path from the working directory. */
export function folderInsteadOfConfig(file: string, asWritten?: string): { message: string; fix: string } | null {
  try {
    // a NUL byte, a name too long, a folder we may not enter: not a folder we can name, and no throw
    if (!statSync(file, { throwIfNoEntry: false })?.isDirectory()) return null;
  } catch {
    return null;
  }
  const list = (dir: string) => {
    try {
      return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch {
      return [];
    }
  };
  // MMYOLO's folders also hold metafile.yml and README.md; .py configs are named first
  const isConfig = (n: string) => CONFIG_EXTENSIONS.includes(path.extname(n)) && !n.startsWith('.') && !/^metafile\./.test(n);
  const configsIn = (dir: string) => list(dir).filter((e) => e.isFile() && isConfig(e.name)).map((e) => e.name)
    .sort((a, b) => Number(!a.endsWith('.py')) - Number(!b.endsWith('.py')));
  const shown = (asWritten ?? rel(file)).replace(/[\\/]+$/, '');
  const inside = (...names: string[]) => [shown, ...names].join('/');
  const message = `${asWritten === undefined ? '' : 'base config '}'${shown}' is a folder, not a config file`;
  const configs = configsIn(file).map((n) => inside(n));
  if (configs.length === 1) return { message, fix: `name the config in it: ${configs[0]}` };
  if (configs.length) {
    const more = configs.length > 3 ? ` (${configs.length} in all: ls ${shown})` : '';
    return { message, fix: `name one of the configs in it, e.g. ${configs.slice(0, 3).join(', ')}${more}` };
  }
  // `configs/`: suggest the subfolders (MMYOLO's _base_/ holds pieces, not configs to run)
  const sub = list(file).filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== '_base_' && configsIn(path.join(file, e.name)).length);
  if (sub.length) {
    const names = sub.slice(0, 6).map((e) => `${e.name}/`).join(', ');
    const example = inside(sub[0]!.name, configsIn(path.join(file, sub[0]!.name))[0]!);
    return { message, fix: `its subfolders hold configs (${names}${sub.length > 6 ? ', ...' : ''}): name a file in one, e.g. ${example}` };
  }
  return { message, fix: `name a config file (${CONFIG_EXTENSIONS.join(', ')}); this folder holds none` };
}

/** For a config that is not there: the likeliest meant file beside it (a typo, another extension),
 *  written as the user wrote the missing one (`asWritten`, a `_base_` entry) or from the working directory. */
export function closestConfig(file: string, asWritten?: string): string | null {
  let names: string[];
  try {
    names = readdirSync(path.dirname(file)).filter((n) => CONFIG_EXTENSIONS.includes(path.extname(n)));
  } catch {
    return null; // no such folder, a NUL byte in the name, ...
  }
  const want = path.basename(file);
  const stem = want.replace(/\.[^.]*$/, '');
  const sameStem = names.find((n) => n.replace(/\.[^.]*$/, '') === stem);
  const close = sameStem ?? suggest(want, names);
  if (!close) return null;
  if (asWritten === undefined) return rel(path.join(path.dirname(file), close));
  const slash = asWritten.lastIndexOf('/');
  return slash < 0 ? close : asWritten.slice(0, slash + 1) + close;
}

const MAGIC: [RegExp, string][] = [
  [/^\uFFFDPNG/, 'a PNG image'], [/^\uFFFD\uFFFD\uFFFD/, 'a JPEG image or other binary data'], [/^PK\u0003\u0004/, 'a zip archive (a PyTorch .pth checkpoint is one)'],
  [/^GIF8/, 'a GIF image'], [/^\u007FELF/, 'an executable'], [/^\u0000*[\s\S]{0,7}\{"/, 'a safetensors file'],
];

/** Whether the bytes of `file` are not UTF-8 (a U+FFFD in its text may be a real one); false when it cannot be read. */
function invalidUtf8(file: string): boolean {
  let fd: number | undefined;
  try {
    // the first 10 MB at most (the config size limit); `stream` forgives a character cut at the end
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(Math.min(fstatSync(fd).size, 10 * 1024 * 1024));
    const n = readSync(fd, buf, 0, buf.length, 0);
    new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, n), { stream: true });
    return false;
  } catch (e) {
    return e instanceof TypeError;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Why `text` (`file` read as UTF-8) cannot be a config, or null when it is plain text. Python
 *  refuses NUL bytes ("source code string cannot contain null bytes") and bytes that are not UTF-8. */
export function notTextReason(text: string, file: string): string | null {
  const head = text.slice(0, 4096);
  const nul = text.indexOf('\u0000');
  const bad = nul < 0 && text.includes('\uFFFD') && invalidUtf8(file) ? 0 : -1;
  if (nul < 0 && bad < 0) return null;
  const kind = MAGIC.find(([re]) => re.test(head))?.[1];
  if (nul < 0 && !kind) return 'not UTF-8 text (Python reads configs as UTF-8: "Non-UTF-8 code")';
  return `not a text file: ${nul >= 0 ? 'it holds NUL bytes' : 'it is not valid UTF-8'}${kind ? `; it looks like ${kind}` : ''}`;
}
