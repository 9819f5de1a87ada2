/**
 * Completion from the schema's registry: `type=` names (every registered type, spelled as the
 * config's scope reads it, the ones that fit the slot first: backbones under `backbone`...), and
 * a dict's arguments with their defaults (the dict's type is the one written in it, else the one
 * the resolved config gives that key path, e.g. set by a base). Works on half-typed text.
 */
import {
  CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList, type Range,
} from 'vscode-languageserver';
import { schemaRegistry, type TypeEntry } from '../compiler/validate/registry.js';
import { dictEntries, dictPath, scanAt, yamlAt } from './lexical.js';
import type { Json } from '../compiler/frontend/values.js';
import { argumentsOf, defaultLiteral, defaultScope, dictSchema, jsonAt, schemaTypeText, typeDoc } from './schema.js';
import { langOf, type Lang } from './text.js';
import type { Workspace } from './workspace.js';

/** What is being typed at the cursor. */
type Typing =
  | { what: 'type'; start: number; end: number; path: (string | number)[] | null; quote: string | null }
  | { what: 'key'; start: number; end: number; path: (string | number)[] | null; type?: string; scope?: string; present: Set<string>; style: 'kwarg' | 'quoted' | 'plain' | 'assign'; quote?: string };

/** Reads the cursor's situation from the text (null: nothing to complete there). */
export function typingAt(text: string, offset: number, lang: Lang): Typing | null {
  if (lang === 'yaml') {
    const y = yamlAt(text, offset);
    if (!y.typing) return null;
    if (y.typing.what === 'type') return { what: 'type', start: y.typing.start, end: offset, path: y.path, quote: y.typing.quote ? '' : null };
    return { what: 'key', start: y.typing.start, end: offset, path: y.path, ...(y.type ? { type: y.type } : {}), present: y.keys, style: 'plain' };
  }
  const s = scanAt(text, offset, lang);
  if (s.inComment) return null;
  const frame = s.frames.at(-1);
  const isTypeKey = (t: { kind: string; text: string } | undefined) =>
    t !== undefined && (t.text === 'type' || t.text === "'type'" || t.text === '"type"');
  const entries = () => dictEntries(text, frame, lang);
  if (s.inString) {
    const t = s.inString;
    const [p0, p1] = s.prev;
    const end = t.closed ? t.contentEnd! : offset;
    if (p0?.kind === 'op' && (p0.text === '=' || p0.text === ':') && isTypeKey(p1) && (frame || lang !== 'py')) {
      // Only the text on the cursor's line (a range may not span lines).
      return { what: 'type', start: t.contentStart!, end: Math.max(offset, Math.min(end, lineEnd(text, offset))), path: dictPath(s.frames, lang), quote: '' };
    }
    if (frame?.role === 'dict-literal' && (p0?.text === '{' || p0?.text === ',')) {
      const e = entries();
      return { what: 'key', start: t.start, end: Math.max(offset, Math.min(t.closed ? t.end : offset, lineEnd(text, offset))), path: dictPath(s.frames, lang), ...(e.type ? { type: e.type } : {}), ...(e.scope ? { scope: e.scope } : {}), present: e.keys, style: 'quoted', quote: t.text[0]! };
    }
    return null;
  }
  const start = s.current ? s.current.start : offset;
  const [p0, p1] = s.prev;
  if (!s.current && p0?.kind === 'op' && (p0.text === '=' || p0.text === ':') && isTypeKey(p1) && frame) {
    return { what: 'type', start: offset, end: offset, path: dictPath(s.frames, lang), quote: null };
  }
  const afterSep = p0?.text === '(' || p0?.text === '{' || p0?.text === ',';
  if (frame?.role === 'dict-call' && afterSep && p0?.text !== '{') {
    const e = entries();
    return { what: 'key', start, end: offset, path: dictPath(s.frames, lang), ...(e.type ? { type: e.type } : {}), ...(e.scope ? { scope: e.scope } : {}), present: e.keys, style: 'kwarg' };
  }
  if (frame?.role === 'dict-literal' && (lang === 'ts' || lang === 'json') && afterSep) {
    const e = entries();
    return { what: 'key', start, end: offset, path: dictPath(s.frames, lang), ...(e.type ? { type: e.type } : {}), present: e.keys, style: 'plain' };
  }
  if (lang === 'py' && !frame && text.slice(text.lastIndexOf('\n', start - 1) + 1, start) === '') {
    // A new top-level name at the start of a line: the config keys MMEngine reads.
    return { what: 'key', start, end: offset, path: [], present: entries().keys, style: 'assign' };
  }
  return null;
}

function lineEnd(text: string, offset: number): number {
  const n = text.indexOf('\n', offset);
  return n < 0 ? text.length : n;
}

/** Which folder of MMYOLO/MMDetection a slot's types come from (to list them first). */
function slotHint(path: (string | number)[] | null): RegExp | null {
  const key = [...(path ?? [])].reverse().find((s) => typeof s === 'string') as string | undefined;
  switch (key) {
    case 'backbone': return /\/backbones\//;
    case 'neck': return /\/necks\//;
    case 'bbox_head': case 'head_module': return /\/dense_heads\//;
    case 'data_preprocessor': return /data_preprocessor/;
    case 'prior_generator': return /prior_generators|anchor/;
    case 'bbox_coder': return /coder/;
    case 'assigner': return /assigner/;
    case 'optimizer': case 'optim_wrapper': return /optim/;
    case 'dataset': return /datasets\/(?!transforms)/;
    default:
      if (typeof path?.at(-1) === 'number' && /pipeline/.test(key ?? '')) return /transforms/;
      if (/^loss/.test(key ?? '')) return /losses/;
      return null;
  }
}

/** How a type is written under the config's scope: bare where MMEngine finds it by its bare
 *  name (the current scope and the root registries), else `scope.Name`. */
function spelled(e: TypeEntry, scope: string): string {
  const current = scope === 'mmcv' ? 'mmengine' : scope;
  return e.scope === current || e.scope === 'mmengine' ? e.name : `${e.scope}.${e.name}`;
}

/** Completion at `offset` of an open file. */
export function completionAt(ws: Workspace, file: string, offset: number, snippets: boolean): CompletionList | null {
  const doc = ws.doc(file);
  const lang = langOf(file);
  if (!doc || !lang) return null;
  const typing = typingAt(doc.text, offset, lang);
  if (!typing) return null;
  const lines = ws.lines(file, doc.text);
  const range: Range = lines.range(typing.start, typing.end);
  // The current text may not resolve while it is being typed: the last version that did.
  const data = ws.current(file)?.checked.config?.data ?? ws.lastResolved(file)?.checked.config?.data;
  const scope = defaultScope(data) ?? 'mmyolo';
  if (typing.what === 'type') return { isIncomplete: false, items: typeItems(typing, range, scope, lang, data) };
  const s = typing.path ? dictSchema(typing.path, typing.type, data, typing.scope ?? (scope === 'mmyolo' ? null : scope)) : null;
  if (!s) return null;
  const items: CompletionItem[] = [];
  for (const [name, node] of argumentsOf(s.node)) {
    if (typing.present.has(name)) continue;
    const hasDefault = node.default !== undefined;
    const value = hasDefault ? defaultLiteral(node, lang) : '';
    const head = typing.style === 'kwarg' ? `${name}=` : typing.style === 'assign' ? `${name} = `
      : typing.style === 'quoted' ? `${typing.quote}${name}${typing.quote}: ` : lang === 'json' ? `"${name}": ` : `${name}: `;
    const insert = snippets ? `${head}\${1:${value.replace(/[$}\\]/g, '\\$&')}}` : `${head}${value}`;
    items.push({
      label: name,
      kind: CompletionItemKind.Field,
      detail: hasDefault ? `${name}=${value} (default)` : `${name} (${schemaTypeText(node)}, no default)`,
      ...(typeof node.description === 'string' || s.entry ? {
        documentation: { kind: MarkupKind.Markdown, value: [typeof node.description === 'string' ? node.description : '', s.entry ? `Argument of ${s.entry.name}${s.entry.def['x-yoloc-source'] ? ` (${s.entry.def['x-yoloc-source']})` : ''}.` : ''].filter(Boolean).join('\n\n') },
      } : {}),
      textEdit: { range, newText: insert },
      insertTextFormat: snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      filterText: typing.style === 'quoted' ? `${typing.quote}${name}` : name,
      sortText: `${node.default === undefined && s.node.required?.includes(name) ? '0' : '1'}${name}`,
    });
  }
  return { isIncomplete: false, items };
}

/** Whether a dict is inside mmdet.Albu's `transforms`/`bbox_params` (Albumentations' own types,
 *  written bare), not (every other type), or unknown (null: the data does not say). */
function inAlbu(path: (string | number)[] | null, data: { [k: string]: Json } | undefined): boolean | null {
  if (!path) return null;
  const i = Math.max(path.lastIndexOf('transforms'), path.lastIndexOf('bbox_params'));
  if (i < 0) return false;
  const owner = jsonAt(data, path.slice(0, i));
  if (owner === undefined) return null;
  const t = owner !== null && typeof owner === 'object' && !Array.isArray(owner) ? owner.type : undefined;
  return typeof t === 'string' && /(^|\.)Albu$/.test(t);
}

function typeItems(typing: Extract<Typing, { what: 'type' }>, range: Range, scope: string, lang: Lang, data: { [k: string]: Json } | undefined): CompletionItem[] {
  const hint = slotHint(typing.path);
  const quote = lang === 'json' ? '"' : "'";
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  const albu = inAlbu(typing.path, data);
  for (const e of schemaRegistry().entries) {
    if (albu !== null && (e.scope === 'albu') !== albu) continue;
    const label = e.scope === 'albu' ? e.name : spelled(e, scope);
    if (seen.has(label)) continue;
    seen.add(label);
    const source = e.def['x-yoloc-source'];
    const fits = hint && typeof source === 'string' && hint.test(source);
    items.push({
      label,
      kind: CompletionItemKind.Class,
      detail: `${e.scope}${source ? ` · ${source}` : ''}${e.def['x-yoloc-runtime'] ? ' · runs in yoloc' : ''}`,
      textEdit: { range, newText: typing.quote === null && lang !== 'yaml' ? `${quote}${label}${quote}` : label },
      sortText: `${fits ? '0' : '1'}${e.def['x-yoloc-runtime'] ? '0' : '1'}${label}`,
      data: { key: e.key, lang },
    });
  }
  return items.sort((x, y) => (x.sortText! < y.sortText! ? -1 : x.sortText! > y.sortText! ? 1 : 0));
}

/** The documentation of a type item, filled in when the client asks (completionItem/resolve). */
export function resolveCompletion(item: CompletionItem): CompletionItem {
  const data = item.data as { key?: unknown; lang?: unknown } | undefined;
  const key = typeof data?.key === 'string' ? data.key : undefined;
  const def = key ? schemaRegistry().schema.$defs[key] : undefined;
  const entry = def && schemaRegistry().entries.find((e) => e.key === key);
  if (entry) item.documentation = { kind: MarkupKind.Markdown, value: typeDoc(entry, (data?.lang as Lang) ?? 'py') };
  return item;
}
