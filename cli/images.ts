/**
 * The IMAGE arguments of `yoloc infer`, as `yolo predict source=...` takes them: a file, a folder
 * (its images, not recursing), or a glob (`*`, `?`, `[abc]`, `**` for any depth), quoted so that
 * the shell leaves it alone. A name matching nothing is an error (YC8003) before any model is built.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { YolocError } from '../runtime/errors.js';

/** The image formats yoloc decodes (runtime/data/image.ts: PNG and JPEG, by magic bytes). */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png'];

const isImage = (name: string) => IMAGE_EXTENSIONS.includes(path.extname(name).toLowerCase());
const hasMagic = (s: string) => /[*?[]/.test(s);

/** A glob segment as a regular expression (`*` and `?` stop at '/'; a leading '.' must be named). */
function segmentRegex(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        const body = seg.slice(i + 1, end).replace(/\\/g, '\\\\');
        re += `[${body.startsWith('!') ? '^' + body.slice(1) : body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^(?!\\.)${re}$`);
}

function entries(dir: string): { name: string; dir: boolean }[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, dir: e.isDirectory() })).sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch {
    return [];
  }
}

/** The files matching `pattern` (sorted), walking one path segment at a time. */
export function globFiles(pattern: string): string[] {
  const parts = pattern.split(/[\\/]+/);
  const absolute = path.isAbsolute(pattern);
  let i = 0;
  const fixed: string[] = [];
  while (i < parts.length - 1 && !hasMagic(parts[i]!)) fixed.push(parts[i++]!);
  const root = absolute ? (fixed.join('/') || '/') : fixed.join('/') || '.';
  const out: string[] = [];
  const walk = (dir: string, k: number): void => {
    const seg = parts[k]!;
    const last = k === parts.length - 1;
    if (seg === '**') {
      walk(dir, k + 1); // zero folders
      for (const e of entries(dir)) if (e.dir && !e.name.startsWith('.')) walk(path.join(dir, e.name), k);
      return;
    }
    if (!hasMagic(seg)) {
      const p = path.join(dir, seg);
      if (last) {
        if (statSync(p, { throwIfNoEntry: false })?.isFile()) out.push(p);
      } else walk(p, k + 1);
      return;
    }
    const re = segmentRegex(seg);
    for (const e of entries(dir)) {
      if (!re.test(e.name)) continue;
      if (last && !e.dir) out.push(path.join(dir, e.name));
      else if (!last && e.dir) walk(path.join(dir, e.name), k + 1);
    }
  };
  if (i < parts.length) walk(root, i);
  return [...new Set(out)].sort();
}

/** Every IMAGE argument expanded: files as given, folders and globs to their images; `skipped`
 *  hears of the files in a folder that are not images yoloc reads (a .webp, a notes.txt). */
export function expandImages(args: readonly string[], skipped?: (folder: string, names: string[]) => void): string[] {
  const out: string[] = [];
  for (const a of args) {
    const st = statSync(a, { throwIfNoEntry: false });
    if (st?.isDirectory()) {
      const files = entries(a).filter((e) => !e.dir && !e.name.startsWith('.'));
      const found = files.filter((e) => isImage(e.name)).map((e) => path.join(a, e.name));
      const others = files.filter((e) => !isImage(e.name)).map((e) => e.name);
      if (found.length && others.length) skipped?.(a, others);
      if (!found.length) {
        throw new YolocError('YC8003', 'the folder holds no images', a, `yoloc reads ${IMAGE_EXTENSIONS.join(', ')} files directly in the folder (not in subfolders; use '${path.join(a, '**', '*.jpg')}' for those)`);
      }
      out.push(...found);
    } else if (st) {
      out.push(a);
    } else if (!hasMagic(a)) {
      throw new YolocError('YC8003', 'cannot find this image', a, 'give an image file, a folder of images or a quoted glob (\'imgs/*.jpg\')');
    } else {
      const found = globFiles(a).filter(isImage);
      if (!found.length) throw new YolocError('YC8003', 'no image matches this pattern', a, `check the pattern; yoloc reads ${IMAGE_EXTENSIONS.join(', ')} files`);
      out.push(...found);
    }
  }
  return out;
}
