/**
 * Where the cursor is, read from the text alone, so that completion works in a buffer that
 * does not parse yet (half-typed `dict(type='YOLOv5`): the brackets around it, the key path of
 * the dict it is in (`model.backbone`, `train_pipeline.2`), the keys that dict already has and
 * its `type`, and whether it sits in a string, a comment, a key or a value. A tokenizer for
 * Python, JSON and TypeScript configs, and an indentation reader for YAML.
 */
import type { Lang } from './text.js';

/** A token: strings keep their quotes (`contentStart`..`contentEnd` is the inside). */
export interface Tok {
  kind: 'str' | 'name' | 'op' | 'open' | 'close' | 'other' | 'comment';
  start: number;
  end: number;
  text: string;
  contentStart?: number;
  contentEnd?: number;
  closed?: boolean;
}

const isNameStart = (c: string): boolean => /[\p{L}_$]/u.test(c);
const isNameChar = (c: string): boolean => /[\p{L}\p{N}_$]/u.test(c);

/** The end of a string starting at `i` (its quote): past the closing quote, or the line end. */
function stringAt(text: string, i: number, lang: Lang): Tok {
  const q = text[i]!;
  const triple = lang === 'py' && text.startsWith(q + q + q, i);
  const contentStart = i + (triple ? 3 : 1);
  let j = contentStart;
  while (j < text.length) {
    const c = text[j]!;
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (triple ? text.startsWith(q + q + q, j) : c === q) {
      const end = j + (triple ? 3 : 1);
      return { kind: 'str', start: i, end, text: text.slice(i, end), contentStart, contentEnd: j, closed: true };
    }
    if (c === '\n' && !triple && q !== '`') break;
    j++;
  }
  j = Math.min(j, text.length);
  return { kind: 'str', start: i, end: j, text: text.slice(i, j), contentStart, contentEnd: j, closed: false };
}

/** Tokens of a Python, JSON or TypeScript text from `from` (whitespace dropped). */
export function* tokenize(text: string, from: number, lang: Lang): Generator<Tok> {
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\\') {
      i++;
      continue;
    }
    if ((c === '#' && lang === 'py') || (c === '/' && lang === 'ts' && text[i + 1] === '/')) {
      let j = text.indexOf('\n', i);
      if (j < 0) j = text.length;
      yield { kind: 'comment', start: i, end: j, text: '' };
      i = j;
      continue;
    }
    if (c === '/' && lang === 'ts' && text[i + 1] === '*') {
      let j = text.indexOf('*/', i + 2);
      j = j < 0 ? text.length : j + 2;
      yield { kind: 'comment', start: i, end: j, text: '' };
      i = j;
      continue;
    }
    if (c === '"' || ((c === "'" || (c === '`' && lang === 'ts')) && lang !== 'json')) {
      const t = stringAt(text, i, lang);
      yield t;
      i = Math.max(t.end, i + 1);
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      yield { kind: 'open', start: i, end: i + 1, text: c };
      i++;
      continue;
    }
    if (c === ')' || c === ']' || c === '}') {
      yield { kind: 'close', start: i, end: i + 1, text: c };
      i++;
      continue;
    }
    if (isNameStart(c)) {
      let j = i + 1;
      while (j < text.length && isNameChar(text[j]!)) j++;
      yield { kind: 'name', start: i, end: j, text: text.slice(i, j) };
      i = j;
      continue;
    }
    if (c >= '0' && c <= '9') {
      let j = i + 1;
      while (j < text.length && /[\w.]/.test(text[j]!)) j++;
      yield { kind: 'other', start: i, end: j, text: text.slice(i, j) };
      i = j;
      continue;
    }
    // `==`, `<=`, `+=`... are not the `=` of a keyword argument.
    const two = '=!<>+-*/%&|^@:'.includes(c) && text[i + 1] === '=' ? 2 : 1;
    yield { kind: 'op', start: i, end: i + two, text: text.slice(i, i + two) };
    i += two;
  }
}

/** The inside of a string token, with the simple escapes undone. */
export function strValue(t: Tok): string {
  return t.text.slice(t.contentStart! - t.start, t.contentEnd! - t.start).replace(/\\(.)/g, '$1');
}

/** A token's key text: a name, or a string's inside. */
function keyText(t: Tok | undefined): string | undefined {
  if (!t) return undefined;
  if (t.kind === 'name') return t.text;
  if (t.kind === 'str') return strValue(t);
  return undefined;
}

/** An open bracket the cursor is inside. */
export interface Frame {
  open: '(' | '[' | '{';
  at: number;
  /** Up to three tokens before the bracket, nearest first. */
  before: Tok[];
  /** Commas met at this bracket's own level before the cursor (the item index in a list). */
  commas: number;
  /** A `dict(...)` call, a `{...}` literal, a list/tuple, or another call or subscript. */
  role: 'dict-call' | 'dict-literal' | 'sequence' | 'call';
}

/** What the text says about the cursor. */
export interface Scan {
  frames: Frame[];
  /** The string the cursor is in (after its opening quote). */
  inString?: Tok;
  inComment: boolean;
  /** The name token the cursor is in or just after (a partly typed key). */
  current?: Tok;
  /** Tokens before the cursor (or before `current`/`inString`), nearest first, at most three. */
  prev: Tok[];
}

function roleOf(open: string, before: Tok[]): Frame['role'] {
  const b = before[0];
  if (open === '(') {
    if (b?.kind === 'name' && b.text === 'dict') return 'dict-call';
    if (b && (b.kind === 'name' || b.kind === 'close' || b.kind === 'str')) return 'call';
    return 'sequence';
  }
  if (open === '[') return b && (b.kind === 'name' || b.kind === 'close' || b.kind === 'str') ? 'call' : 'sequence';
  return 'dict-literal';
}

/** Scans a Python, JSON or TypeScript text up to `offset`. */
export function scanAt(text: string, offset: number, lang: Lang): Scan {
  const frames: Frame[] = [];
  let prev: Tok[] = [];
  for (const t of tokenize(text, 0, lang)) {
    if (t.start >= offset) break;
    if (t.kind === 'comment') {
      if (offset <= t.end) return { frames, inComment: true, prev };
      continue;
    }
    if (t.kind === 'str' && offset < t.end + (t.closed ? 0 : 1)) {
      return { frames, inString: t, inComment: false, prev };
    }
    if (t.kind === 'name' && offset <= t.end) return { frames, current: t, inComment: false, prev };
    if (t.kind === 'open') {
      const before = prev.slice(0, 3);
      frames.push({ open: t.text as Frame['open'], at: t.start, before, commas: 0, role: roleOf(t.text, before) });
    } else if (t.kind === 'close') {
      const match = { ')': '(', ']': '[', '}': '{' }[t.text];
      const i = frames.map((f) => f.open).lastIndexOf(match as Frame['open']);
      if (i >= 0) frames.length = i;
    } else if (t.kind === 'op' && t.text === ',' && frames.length) {
      frames[frames.length - 1]!.commas++;
    }
    prev = [t, ...prev.slice(0, 2)];
  }
  return { frames, inComment: false, prev };
}

/** The key path of the dict the innermost frame is (null: not a dict, or a path the text does
 *  not say, e.g. inside a call's arguments). Python's module and a JSON/TS root object are []. */
export function dictPath(frames: readonly Frame[], lang: Lang): (string | number)[] | null {
  const path: (string | number)[] = [];
  let root = lang === 'py';
  for (let k = 0; k < frames.length; k++) {
    const f = frames[k]!;
    const isDict = f.role === 'dict-call' || f.role === 'dict-literal';
    if (!root) {
      // JSON's first object, or TypeScript's `defineConfig({...})` / `export default {...}`: the config.
      if (f.role === 'dict-literal' && (k === 0 || (k === 1 && frames[0]!.role === 'call'))) {
        root = true;
        continue;
      }
      if (f.role === 'call' && k === 0 && lang === 'ts') continue;
      return null;
    }
    const parent = k > 0 ? frames[k - 1] : undefined;
    const b = f.role === 'dict-call' ? f.before.slice(1) : f.before;
    if (!parent || parent.role === 'dict-call' || parent.role === 'dict-literal') {
      // `key=dict(`, `key = {`, `'key': dict(`, `key: {`
      const op = b[0];
      const key = keyText(b[1]);
      if (!op || op.kind !== 'op' || (op.text !== '=' && op.text !== ':') || key === undefined) return null;
      path.push(key);
    } else if (parent.role === 'sequence') {
      path.push(parent.commas);
    } else return null;
    if (!isDict && k === frames.length - 1) return null;
  }
  return root ? path : null;
}

/** The keys a dict (the frame's bracket) has at its own level, and its `type` if written. */
export function dictEntries(text: string, frame: Frame | undefined, lang: Lang): { keys: Set<string>; type?: string; scope?: string } {
  const keys = new Set<string>();
  let type: string | undefined;
  let scope: string | undefined;
  const call = frame?.role === 'dict-call';
  let depth = 0;
  let prev: Tok[] = [];
  for (const t of tokenize(text, frame ? frame.at + 1 : 0, lang)) {
    if (t.kind === 'comment') continue;
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') {
      if (depth === 0 && frame) break;
      depth--;
    } else if (depth === 0 && prev[0]?.kind === 'op' && (call ? prev[0].text === '=' : prev[0].text === ':' || (lang === 'py' && !frame && prev[0].text === '='))) {
      const key = keyText(prev[1]);
      if (key !== undefined && (prev[1]!.kind === 'str' ? !call : true)) {
        if (key === 'type' && t.kind === 'str') type = strValue(t);
        if (key === '_scope_' && t.kind === 'str') scope = strValue(t);
      }
    }
    if (depth === 0 && t.kind === 'op' && (t.text === '=' || t.text === ':')) {
      const key = keyText(prev[0]);
      if (key !== undefined) keys.add(key);
    }
    prev = [t, ...prev.slice(0, 2)];
  }
  return { keys, type, scope };
}

/** A YAML mapping or sequence met on the way down to the cursor. */
interface YamlNode {
  kind: 'map' | 'list';
  /** Column of its keys (a map) or of its dashes (a list). */
  indent: number;
  /** The key or index that leads to it from its parent (null: the document). */
  seg: string | number | null;
  parent: YamlNode | null;
  lastKey?: string;
  index: number;
  keys: Set<string>;
  type?: string;
}

/** Where the cursor is in a YAML text: the key path of the mapping it is in, the keys that
 *  mapping has (also below the cursor) and its `type`, and what is being typed (a key, or the
 *  value of `type:`). Block style only; flow collections are values, as for any key. */
export function yamlAt(text: string, offset: number): {
  path: (string | number)[] | null; keys: Set<string>; type?: string;
  typing: { what: 'key' | 'type'; start: number; quote?: string } | null;
} {
  const root: YamlNode = { kind: 'map', indent: 0, seg: null, parent: null, index: 0, keys: new Set() };
  let top = root;
  let here: YamlNode | null = null;
  let typing: { what: 'key' | 'type'; start: number; quote?: string } | null = null;
  const lines = text.split('\n');
  let at = 0;
  for (const full of lines) {
    const lineStart = at;
    at += full.length + 1;
    const cursorRow = offset >= lineStart && offset <= lineStart + full.length;
    const line = cursorRow ? full.slice(0, offset - lineStart) : full;
    if (!cursorRow && (line.trim() === '' || line.trim().startsWith('#'))) continue;
    let col = /^\s*/.exec(line)![0].length;
    let rest = line.slice(col);
    // Leaving deeper nodes; a list ends at a key of its own column.
    const popTo = (c: number, dash: boolean) => {
      while (top.parent && (top.indent > c || (!dash && top.kind === 'list' && top.indent >= c))) top = top.parent;
    };
    // Dashes: items of a list at this column (`- - x` nests).
    for (let m = /^-(\s+|$)/.exec(rest); m; m = /^-(\s+|$)/.exec(rest)) {
      popTo(col, true);
      if (top.kind === 'list' && top.indent === col) top.index++;
      else top = { kind: 'list', indent: col, seg: top.kind === 'map' ? top.lastKey ?? null : top.index, parent: top, index: 0, keys: new Set() };
      const inner = col + m[0].length;
      top = { kind: 'map', indent: inner, seg: top.index, parent: top, index: 0, keys: new Set() };
      col = inner;
      rest = rest.slice(m[0].length);
    }
    popTo(col, false);
    if (top.indent < col) {
      top = { kind: 'map', indent: col, seg: top.kind === 'map' ? top.lastKey ?? null : top.index, parent: top, index: 0, keys: new Set() };
    }
    if (cursorRow) {
      here = top;
      const t = /^type:\s*(['"]?)([\w.]*)$/.exec(rest);
      const k = /^([\w.]*)$/.exec(rest);
      if (t) typing = { what: 'type', start: offset - t[2]!.length, ...(t[1] ? { quote: t[1] } : {}) };
      else if (k) typing = { what: 'key', start: offset - k[1]!.length };
      // The rest of the cursor's row is read like any other row, for the mapping's keys.
      rest = full.slice(col);
    }
    const kv = /^([\w.$-]+|'[^']*'|"[^"]*")\s*:(?:\s+(.*))?$/.exec(rest.replace(/\s+#.*$/, ''));
    if (kv && top.kind === 'map' && !(cursorRow && typing?.what === 'key')) {
      const key = kv[1]!.replace(/^['"]|['"]$/g, '');
      top.lastKey = key;
      top.keys.add(key);
      if (key === 'type' && kv[2]) top.type = kv[2].trim().replace(/^['"]|['"]$/g, '');
    }
  }
  if (!here) return { path: null, keys: new Set(), typing: null };
  const path: (string | number)[] = [];
  for (let n: YamlNode | null = here; n && n.parent; n = n.parent) {
    if (n.seg === null) return { path: null, keys: here.keys, ...(here.type !== undefined ? { type: here.type } : {}), typing };
    path.unshift(n.seg);
  }
  return { path, keys: here.keys, ...(here.type !== undefined ? { type: here.type } : {}), typing };
}
