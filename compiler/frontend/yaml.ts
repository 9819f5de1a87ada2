/**
 * YAML configs, read with the `yaml` package for its source ranges, with PyYAML's YAML 1.1
 * scalar rules applied by hand (MMEngine loads YAML with PyYAML): `yes`/`on` are booleans,
 * `2e3` is a string (a float needs a dot), `~` is None, `!!python/tuple` builds a tuple,
 * `<<` merge keys put the merged entries first, then the mapping's own.
 */
import { parseDocument, isAlias, isMap, isPair, isScalar, isSeq, Scalar, type Document, type Node } from 'yaml';
import { LineMap, type Diagnostic, type PhaseResult, type Span } from '../diagnostics/types.js';
import { PyDict, PyList, PyTuple, type Py } from './values.js';

const TUPLE_TAG = 'tag:yaml.org,2002:python/tuple';
const NULL_RE = /^(?:~|null|Null|NULL|)$/;
const BOOL_RE = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const INT_RE = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT_RE = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

class YamlError extends Error {
  constructor(message: string, readonly range?: [number, number]) {
    super(message);
  }
}

/** PyYAML's implicit resolution of a plain scalar. */
export function resolvePlainScalar(src: string): Py {
  if (NULL_RE.test(src)) return null;
  if (BOOL_RE.test(src)) return /^(?:y|t|on)/i.test(src);
  if (INT_RE.test(src)) return parseYamlInt(src);
  if (FLOAT_RE.test(src)) return parseYamlFloat(src);
  return src;
}

function parseYamlInt(src: string): bigint {
  let s = src.replace(/_/g, '');
  let sign = 1n;
  if (s[0] === '-') (sign = -1n), (s = s.slice(1));
  else if (s[0] === '+') s = s.slice(1);
  if (s === '0') return 0n;
  if (s.startsWith('0b')) return sign * BigInt(s);
  if (s.startsWith('0x')) return sign * BigInt(s);
  if (s.includes(':')) return sign * s.split(':').reduce((acc, d) => acc * 60n + BigInt(d), 0n);
  if (s[0] === '0') return sign * BigInt('0o' + s.slice(1));
  return sign * BigInt(s);
}

function parseYamlFloat(src: string): number {
  let s = src.replace(/_/g, '').toLowerCase();
  let sign = 1;
  if (s[0] === '-') (sign = -1), (s = s.slice(1));
  else if (s[0] === '+') s = s.slice(1);
  if (s === '.inf') return sign * Infinity;
  if (s === '.nan') return NaN;
  if (s.includes(':')) return sign * s.split(':').reduce((acc, d) => acc * 60 + Number(d), 0);
  return sign * Number(s);
}

/** The most values a YAML config may expand to (as the Python evaluator's limit). */
const MAX_VALUES = 1_000_000;

class Converter {
  /** Values converted so far: aliases expand, so a small file can stand for billions. */
  count = 0;
  constructor(readonly doc: Document, readonly text: string, readonly map: LineMap) {}

  span(node: Node | null | undefined): Span | undefined {
    const r = node?.range;
    return r ? this.map.span(r[0], r[1]) : undefined;
  }

  convert(node: unknown, depth: number): Py {
    if (depth > 200) throw new YamlError('nesting too deep (or a recursive alias)');
    if (++this.count > MAX_VALUES) throw new YamlError(`the config expands to more than ${MAX_VALUES} values (aliases of aliases?)`, (node as Node | null)?.range?.slice(0, 2) as [number, number] | undefined);
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.convert(node.resolve(this.doc), depth + 1);
    if (isScalar(node)) return this.scalar(node);
    if (isSeq(node)) {
      const items: Py[] = [];
      const spans: (Span | undefined)[] = [];
      for (const it of node.items) {
        items.push(this.convert(it, depth + 1));
        spans.push(this.span(it as Node));
      }
      return node.tag === TUPLE_TAG ? new PyTuple(items, spans) : new PyList(items, spans);
    }
    if (isMap(node)) return this.mapping(node.items, node.range ?? undefined, depth);
    throw new YamlError('unsupported YAML node', (node as Node).range?.slice(0, 2) as [number, number]);
  }

  scalar(node: Scalar): Py {
    const v = node.value;
    const tag = node.tag;
    if (tag && tag !== 'tag:yaml.org,2002:str' && tag !== 'tag:yaml.org,2002:int' && tag !== 'tag:yaml.org,2002:float' && tag !== 'tag:yaml.org,2002:bool' && tag !== 'tag:yaml.org,2002:null') {
      throw new YamlError(`unsupported YAML tag ${tag}`, node.range?.slice(0, 2) as [number, number]);
    }
    if (tag === 'tag:yaml.org,2002:str') return String(node.source ?? v ?? '');
    if (node.type === Scalar.PLAIN && node.range) {
      const src = this.text.slice(node.range[0], node.range[1]).trim();
      if (tag === 'tag:yaml.org,2002:float') return parseYamlFloat(src.replace(/^!!float\s*/, ''));
      return resolvePlainScalar(src.replace(/^!!\w+\s*/, ''));
    }
    if (typeof v === 'string') return v;
    if (typeof v === 'bigint' || typeof v === 'boolean' || typeof v === 'number' || v === null) return v;
    return String(v);
  }

  mapping(items: unknown[], range: [number, number, number] | undefined, depth: number): PyDict {
    const dict = new PyDict();
    if (range) dict.span = this.map.span(range[0], range[1]);
    const merged: [string, Py, Span | undefined][] = [];
    const own: [string, Py, Span | undefined][] = [];
    for (const pair of items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const key = this.convert(keyNode, depth + 1);
      if (isScalar(keyNode) && keyNode.type === Scalar.PLAIN && key === '<<') {
        const target = isAlias(pair.value) ? pair.value.resolve(this.doc) : pair.value;
        const sources = isSeq(target) ? target.items : [target];
        for (const src of sources) {
          const m = this.convert(src, depth + 1);
          if (!(m instanceof PyDict)) throw new YamlError('a << merge key needs a mapping', (pair.value as Node)?.range?.slice(0, 2) as [number, number]);
          for (const [k, v] of m.map) if (!merged.some((e) => e[0] === k)) merged.push([k, v, m.spans.get(k)]);
        }
        continue;
      }
      if (key !== null && typeof key === 'object') throw new YamlError('a mapping key must be a scalar', keyNode?.range?.slice(0, 2) as [number, number]);
      own.push([keyToString(key), this.convert(pair.value, depth + 1), this.span(pair.value as Node) ?? this.span(keyNode)]);
    }
    for (const [k, v, s] of [...merged, ...own]) dict.set(k, v, s);
    return dict;
  }
}

/** Config keys are strings; Python would keep an int key, but MMEngine attribute access needs str. */
function keyToString(key: Py): string {
  if (key === null) return 'None';
  if (typeof key === 'boolean') return key ? 'True' : 'False';
  return String(key);
}

/** Parses YAML text into Python values with spans; the top level must be a mapping. */
export function parseYamlConfig(text: string, file: string): PhaseResult<PyDict | null> {
  const map = new LineMap(file, text);
  const fail = (message: string, range?: [number, number]): PhaseResult<null> => {
    const d: Diagnostic = { code: 'YC3016', severity: 'error', message };
    // An error at the end of input points one past it: keep the span inside the text.
    if (range) d.span = map.span(Math.min(range[0], text.length), Math.min(text.length, Math.max(range[0] + 1, range[1])));
    else d.span = map.span(0, 0);
    return { value: null, diagnostics: [d] };
  };
  const doc = parseDocument(text, {
    version: '1.1',
    intAsBigInt: true,
    uniqueKeys: false,
    keepSourceTokens: false,
    customTags: [{ tag: TUPLE_TAG, collection: 'seq', resolve: (s) => s }],
  });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    return fail(e.message.split('\n')[0]!, [e.pos[0], e.pos[1]]);
  }
  try {
    const v = new Converter(doc, text, map).convert(doc.contents, 0);
    // MMEngine's load() gives None for an empty document, and Config.fromfile fails on it.
    if (v === null) return fail('the YAML document is empty: a config must be a mapping (MMEngine cannot load an empty YAML file either)', [0, 0]);
    if (!(v instanceof PyDict)) return fail('a YAML config must be a mapping at the top level', [0, 0]);
    return { value: v, diagnostics: [] };
  } catch (e) {
    if (e instanceof YamlError) return fail(e.message, e.range);
    throw e;
  }
}
