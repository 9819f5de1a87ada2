/**
 * Hover on a key (or inside its value): the resolved value after inheritance, where it was set
 * and through which bases (what `yoloc resolve --why` prints), the schema's description and
 * default of that argument, and, on a model part, the channels x stride of each level the shape
 * check computed. On a `type` value: the registry type's arguments with their defaults.
 */
import path from 'node:path';
import type { Hover } from 'vscode-languageserver';
import type { ShapeFacts } from '../compiler/check/index.js';
import { toPythonLiteral } from '../compiler/inherit/print.js';
import { explainKey } from '../compiler/inherit/why.js';
import type { Json } from '../compiler/frontend/values.js';
import type { ResolvedConfig } from '../compiler/types.js';
import { PyDict, PyList, PyTuple, type Py } from '../compiler/frontend/values.js';
import { baseSettings } from './definition.js';
import { dictEntries, dictPath, scanAt, yamlAt } from './lexical.js';
import { locateAt, locatedOf } from './locate.js';
import { argumentDoc, defaultScope, dictSchema, jsonAt, typeDoc, typeEntry } from './schema.js';
import { langOf, pointerSegments, type Lang } from './text.js';
import type { Workspace } from './workspace.js';

/** The Python value at a pointer of a resolved config. */
function valueAt(cfg: ResolvedConfig, segs: readonly string[]): Py | undefined {
  let v: Py = cfg.value;
  for (const s of segs) {
    if ((v instanceof PyList || v instanceof PyTuple) && /^[0-9]+$/.test(s)) v = v.items[Number(s)]!;
    else if (v instanceof PyDict && v.has(s)) v = v.get(s)!;
    else return undefined;
    if (v === undefined) return undefined;
  }
  return v;
}

/** At most `max` lines of a value's Python form. */
function shortLiteral(v: Py, max = 24): string {
  const lines = toPythonLiteral(v, 0).split('\n');
  return lines.length > max ? [...lines.slice(0, max), `    ... (${lines.length - max} more lines)`].join('\n') : lines.join('\n');
}

/** `128 x 8, 256 x 16` (channels x stride; stride unknown without a backbone). */
function levelsText(levels: readonly { channels: number; stride: number }[]): string {
  return levels.map((l) => `${l.channels} x ${l.stride || '?'}`).join(', ');
}

/** The channels x stride lines for a pointer under /model, from the shape check's facts. */
export function levelLines(facts: ShapeFacts | null, ptr: string): string[] {
  if (!facts) return [];
  const out: string[] = [];
  const under = (p: string) => ptr === '/model' || ptr === p || ptr.startsWith(p + '/');
  if (facts.backbone && under('/model/backbone')) out.push(`backbone ${facts.backbone.type} outputs ${levelsText(facts.backbone.levels)}`);
  if (facts.neck && under('/model/neck')) out.push(`neck ${facts.neck.type} outputs ${levelsText(facts.neck.levels)}`);
  if (facts.head && under('/model/bbox_head')) {
    const feeding = facts.neck?.levels ?? facts.backbone?.levels;
    out.push(`head ${facts.head.type} featmap_strides [${facts.head.featmapStrides.join(', ')}]${feeding ? `, receives ${levelsText(feeding)}` : ''}, ${facts.head.numClasses} classes, ${facts.head.numBasePriors} priors per cell`);
  }
  return out.length ? ['**levels** (channels x stride):', ...out.map((l) => `- ${l}`)] : [];
}

/** The schema lines of the value at `segs`: its argument's type, default and description, or,
 *  for a `type` value, the registry type's documentation. */
function schemaLines(data: { [k: string]: Json } | undefined, segs: readonly (string | number)[], lang: Lang): string[] {
  // A list item is described by its list's key.
  let i = segs.length - 1;
  while (i >= 0 && typeof segs[i] === 'number') i--;
  if (i < 0) return [];
  const key = String(segs[i]);
  const owner = segs.slice(0, i);
  const scope = defaultScope(data);
  const value = jsonAt(data, segs.slice(0, i + 1));
  if (key === 'type' && typeof value === 'string' && i === segs.length - 1) {
    const entry = typeEntry(value, scope);
    return entry ? [typeDoc(entry, lang)] : [];
  }
  const s = dictSchema(owner, undefined, data, scope);
  const node = s?.node.properties?.[key];
  if (!node) return [];
  const whose = s!.entry ? `${s!.entry.name} argument` : owner.length ? `${owner.join('.')} key` : 'config key';
  const source = s!.entry?.def['x-yoloc-source'] ? ` (${s!.entry.def['x-yoloc-source']})` : '';
  return [`**schema**: ${whose}${source}`, '```text', argumentDoc(key, node, lang, s!.node.required?.includes(key)), '```'];
}

/** The hover at `offset` of an open file. */
export function hoverAt(ws: Workspace, file: string, offset: number): Hover | null {
  const doc = ws.doc(file);
  const lang = langOf(file);
  if (!doc || !lang) return null;
  const a = ws.analyze(file);
  const cfg = a.checked.config;
  if (cfg) {
    const hit = locateAt(cfg, locatedOf(ws, a), offset);
    if (hit) {
      const segs = pointerSegments(hit.at.ptr);
      const v = valueAt(cfg, segs);
      if (v === undefined) return null;
      const parts: string[] = [];
      const key = segs.join('.');
      // `resolve --why`'s lines (set at / read at / via); its first line is the value itself.
      const why = segs.some((s) => s.includes('.')) ? null : explainKey(cfg, key, (f) => ws.textOf(f, a), path.dirname(file));
      parts.push(`**${key}** (resolved)`, '```python', `${key} = ${shortLiteral(v)}`, '```');
      // Its first line(s) are `key = value`, already shown.
      const whyAll = why?.split('\n') ?? [];
      const from = whyAll.findIndex((l) => /^ {2}(set at:|used at:|via:)/.test(l));
      const whyLines = (from < 0 ? [] : whyAll.slice(from)).map((l) => l.replace(/^ {2}/, ''));
      // What this file's value replaces (or merges into): the base line that set it before.
      const text = ws.textOf(file, a)!;
      const rel = (f: string) => path.relative(path.dirname(file), f) || f;
      for (const b of baseSettings(ws, file, text, hit.at.ptr)) {
        whyLines.push(`overrides: ${rel(b.file)}:${b.line}:${b.col} (through ${b.via.map(rel).join(' -> ')})`);
      }
      if (whyLines.length) parts.push('```text', ...whyLines, '```');
      parts.push(...schemaLines(cfg.data, segs.map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s)), lang));
      parts.push(...levelLines(a.checked.facts, hit.at.ptr));
      const span = hit.onKey && hit.at.key ? hit.at.key : { start: hit.at.value.start, end: hit.at.value.end };
      return { contents: { kind: 'markdown', value: parts.join('\n') }, range: ws.lines(file, text).range(span.start, span.end) };
    }
  }
  return lexicalHover(ws, file, doc.text, offset, lang);
}

/** A key the text names but the analysis cannot place (the buffer does not resolve now): what
 *  the schema says, and the value in the last version that resolved. */
function lexicalHover(ws: Workspace, file: string, text: string, offset: number, lang: Lang): Hover | null {
  let segs: (string | number)[] | null = null;
  let type: string | undefined;
  if (lang === 'yaml') {
    const y = yamlAt(text, offset);
    const line = text.slice(text.lastIndexOf('\n', offset - 1) + 1);
    const m = /^\s*(?:-\s+)?([\w.]+)\s*:/.exec(line);
    if (y.path && m) segs = [...y.path, m[1]!];
    type = y.type;
  } else {
    const s = scanAt(text, offset, lang);
    const name = s.current ?? (s.inString && s.prev[0]?.text !== ':' && s.prev[0]?.text !== '=' ? s.inString : undefined);
    const base = dictPath(s.frames, lang);
    const after = name ? /^\s*(=(?!=)|:)/.test(text.slice(name.end)) : false;
    if (base && name && after) {
      segs = [...base, name.kind === 'str' ? text.slice(name.contentStart!, name.contentEnd!) : name.text];
      type = dictEntries(text, s.frames.at(-1), lang).type;
    }
  }
  if (!segs) return null;
  const last = ws.lastResolved(file)?.checked.config?.data;
  const parts = [`**${segs.join('.')}**`];
  const v = jsonAt(last, segs);
  if (v !== undefined) parts.push(`value in the last version of this file that resolved: \`${JSON.stringify(v)}\``);
  const scope = defaultScope(last);
  const s = dictSchema(segs.slice(0, -1), type, last, scope);
  const node = s?.node.properties?.[String(segs.at(-1))];
  if (node) parts.push('```text', argumentDoc(String(segs.at(-1)), node, lang, s!.node.required?.includes(String(segs.at(-1)))), '```');
  return parts.length > 1 ? { contents: { kind: 'markdown', value: parts.join('\n') } } : null;
}
