/**
 * Methods of dict, list, tuple and str that configs call (`cfg.copy()`, `d.get('k', 1)`,
 * `pipeline.append(...)`, `'_'.join(...)`). Mutating methods act in place: a list shared by two
 * names sees the change through both, as in Python.
 */
import { PyDict, PyList, PyTuple } from '../values.js';
import { dictFrom, iterOf, iterate, materialize, strKey, type Arg, type Runtime } from './iterate.js';
import { formatValue } from './format.js';
import { PyError, asPy, checkStringLength, dictKey, pyEquals, pyRepr, pyStr, typeName, type Val } from './objects.js';
import { configMerge, configUpdate, shallowCopyPy } from './configdict.js';

type Kwargs = Map<string, Arg>;
type Method<T> = (self: T, args: Arg[], kw: Kwargs, rt: Runtime) => Val;

function want(name: string, args: Arg[], kw: Kwargs, min: number, max: number): void {
  if (kw.size) throw new PyError('YC2006', `${name}() takes no keyword arguments`);
  if (args.length < min || args.length > max) {
    const n = args.length < min ? min : max;
    throw new PyError('YC2006', `${name}() takes ${min === max ? 'exactly' : args.length < min ? 'at least' : 'at most'} ${n} argument${n === 1 ? '' : 's'} (${args.length} given)`);
  }
}

function index(v: Val, len: number, name: string): number {
  const i = typeof v === 'boolean' ? (v ? 1n : 0n) : v;
  if (typeof i !== 'bigint') throw new PyError('YC2006', `'${typeName(v)}' object cannot be interpreted as an integer`);
  const j = i < 0n ? i + BigInt(len) : i;
  if (j < 0n || j >= BigInt(len)) throw new PyError('YC2008', `${name} index out of range`);
  return Number(j);
}

const DICT: Record<string, Method<PyDict>> = {
  get(d, args, kw) {
    want('get', args, kw, 1, 2);
    const k = args[0]!.value;
    return d.has(dictKey(k)) ? d.get(dictKey(k))! : args[1]?.value ?? null;
  },
  keys(d, args, kw) {
    want('keys', args, kw, 0, 0);
    return iterOf('dict_keys', () => [...d.map.keys()]);
  },
  values(d, args, kw) {
    want('values', args, kw, 0, 0);
    return iterOf('dict_values', () => [...d.map.values()]);
  },
  items(d, args, kw) {
    want('items', args, kw, 0, 0);
    return iterOf('dict_items', () => [...d.map].map(([k, v]) => new PyTuple([k, v])));
  },
  copy(d, args, kw) {
    want('copy', args, kw, 0, 0);
    if (d.configDict) return shallowCopyPy(d);
    const c = new PyDict();
    c.span = d.span;
    for (const [k, v] of d.map) c.set(k, v, d.spans.get(k));
    return c;
  },
  update(d, args, kw, rt) {
    if (args.length > 1) throw new PyError('YC2006', `update expected at most 1 argument, got ${args.length}`);
    if (d.configDict) {
      // ConfigDict.update: a dict over a dict merges, key by key, all the way down.
      const other = new PyDict();
      if (args.length) {
        const a = args[0]!.value;
        if (!(a instanceof PyDict)) throw new PyError('YC2006', `descriptor 'items' for 'dict' objects doesn't apply to a '${typeName(a)}' object`);
        for (const [k, v] of a.map) other.set(k, v, a.spans.get(k));
      }
      for (const [k, a] of kw) other.set(k, asPy(a.value), a.span);
      configUpdate(d, other, (k) => other.spans.get(k));
      return null;
    }
    if (args.length) dictFrom(args[0]!.value, rt, d);
    for (const [k, a] of kw) d.set(k, asPy(a.value), a.span);
    return null;
  },
  pop(d, args, kw) {
    want('pop', args, kw, 1, 2);
    const k = args[0]!.value;
    if (d.has(dictKey(k))) {
      const v = d.get(dictKey(k))!;
      d.delete(dictKey(k));
      return v;
    }
    if (args.length > 1) return args[1]!.value;
    if (d.configDict) return null; // ConfigDict.pop(key, default=None)
    throw new PyError('YC2007', pyRepr(k));
  },
  merge(d, args, kw) {
    want('merge', args, kw, 1, 1);
    const a = args[0]!.value;
    if (!(a instanceof PyDict)) throw new PyError('YC2006', `ConfigDict.merge() needs a dict, not ${typeName(a)}`);
    configMerge(d, a);
    return null;
  },
  setdefault(d, args, kw) {
    want('setdefault', args, kw, 1, 2);
    const k = strKey(args[0]!.value);
    if (!d.has(k)) d.set(k, asPy(args[1]?.value ?? null), args[1]?.span);
    return d.get(k)!;
  },
};

const SEQ: Record<string, Method<PyList | PyTuple>> = {
  index(s, args, kw) {
    want('index', args, kw, 1, 1);
    const i = s.items.findIndex((x) => pyEquals(x, args[0]!.value));
    if (i < 0) throw new PyError('YC2011', `${pyRepr(args[0]!.value, 200)} is not in ${typeName(s)}`);
    return BigInt(i);
  },
  count(s, args, kw) {
    want('count', args, kw, 1, 1);
    return BigInt(s.items.filter((x) => pyEquals(x, args[0]!.value)).length);
  },
};

function grow(l: PyList, by: number, rt: Runtime): void {
  if (l.items.length + by > rt.limits.maxLength) {
    throw new PyError('YC2904', `list exceeds the limit of ${rt.limits.maxLength} items`, true);
  }
}

const LIST: Record<string, Method<PyList>> = {
  append(l, args, kw, rt) {
    want('append', args, kw, 1, 1);
    grow(l, 1, rt);
    l.spans[l.items.length] = args[0]!.span;
    l.items.push(asPy(args[0]!.value));
    return null;
  },
  extend(l, args, kw, rt) {
    want('extend', args, kw, 1, 1);
    const { items, spans } = materialize(args[0]!.value, rt);
    grow(l, items.length, rt);
    const at = l.items.length;
    items.forEach((x, i) => {
      l.items.push(x);
      l.spans[at + i] = spans[i];
    });
    return null;
  },
  insert(l, args, kw, rt) {
    want('insert', args, kw, 2, 2);
    grow(l, 1, rt);
    const raw = args[0]!.value;
    if (typeof raw !== 'bigint' && typeof raw !== 'boolean') {
      throw new PyError('YC2006', `'${typeName(raw)}' object cannot be interpreted as an integer`);
    }
    let i = Number(typeof raw === 'boolean' ? (raw ? 1n : 0n) : raw);
    const n = l.items.length;
    i = i < 0 ? Math.max(0, n + i) : Math.min(i, n);
    const spans = Array.from({ length: n }, (_, k) => l.spans[k]);
    l.items.splice(i, 0, asPy(args[1]!.value));
    spans.splice(i, 0, args[1]!.span);
    l.spans = spans;
    return null;
  },
  pop(l, args, kw) {
    want('pop', args, kw, 0, 1);
    if (!l.items.length) throw new PyError('YC2008', 'pop from empty list');
    const i = args.length ? index(args[0]!.value, l.items.length, 'pop') : l.items.length - 1;
    l.spans.splice(i, 1);
    return l.items.splice(i, 1)[0]!;
  },
  remove(l, args, kw) {
    want('remove', args, kw, 1, 1);
    const i = l.items.findIndex((x) => pyEquals(x, args[0]!.value));
    if (i < 0) throw new PyError('YC2011', 'list.remove(x): x not in list');
    l.items.splice(i, 1);
    l.spans.splice(i, 1);
    return null;
  },
  copy(l, args, kw) {
    want('copy', args, kw, 0, 0);
    return new PyList([...l.items], [...l.spans]);
  },
  reverse(l, args, kw) {
    want('reverse', args, kw, 0, 0);
    const spans = Array.from({ length: l.items.length }, (_, k) => l.spans[k]);
    l.items.reverse();
    l.spans = spans.reverse();
    return null;
  },
  clear(l, args, kw) {
    want('clear', args, kw, 0, 0);
    l.items.length = 0;
    l.spans = [];
    return null;
  },
};

function strArg(name: string, v: Val | undefined): string {
  if (typeof v !== 'string') throw new PyError('YC2006', `${name}() argument must be str, not ${typeName(v ?? null)}`);
  return v;
}

const STR: Record<string, Method<string>> = {
  join(s, args, kw, rt) {
    want('join', args, kw, 1, 1);
    const parts: string[] = [];
    let size = 0;
    for (const x of iterate(args[0]!.value, rt)) {
      if (typeof x !== 'string') {
        throw new PyError('YC2006', `sequence item ${parts.length}: expected str instance, ${typeName(x)} found`);
      }
      size += x.length + s.length;
      if (size > rt.limits.maxLength) throw new PyError('YC2904', `string exceeds the limit of ${rt.limits.maxLength} characters`, true);
      parts.push(x);
    }
    return parts.join(s);
  },
  replace(s, args, kw, rt) {
    want('replace', args, kw, 2, 2);
    const a = strArg('replace', args[0]!.value);
    const b = strArg('replace', args[1]!.value);
    const n = a === '' ? s.length + 1 : s.split(a).length - 1;
    if (s.length + n * (b.length - a.length) > rt.limits.maxLength) {
      throw new PyError('YC2904', `string exceeds the limit of ${rt.limits.maxLength} characters`, true);
    }
    return a === '' ? b + [...s].join(b) + (s.length ? b : '') : s.split(a).join(b);
  },
  split(s, args, kw) {
    want('split', args, kw, 0, 1);
    const sep = args[0]?.value ?? null;
    const parts = sep === null ? s.split(/\s+/).filter((p) => p.length) : s.split(strArg('split', sep));
    if (sep !== null && strArg('split', sep) === '') throw new PyError('YC2011', 'empty separator');
    return new PyList(parts);
  },
  strip: (s, args, kw) => (want('strip', args, kw, 0, 0), s.trim()),
  lstrip: (s, args, kw) => (want('lstrip', args, kw, 0, 0), s.trimStart()),
  rstrip: (s, args, kw) => (want('rstrip', args, kw, 0, 0), s.trimEnd()),
  lower: (s, args, kw) => (want('lower', args, kw, 0, 0), s.toLowerCase()),
  upper: (s, args, kw) => (want('upper', args, kw, 0, 0), s.toUpperCase()),
  startswith: (s, args, kw) => (want('startswith', args, kw, 1, 1), s.startsWith(strArg('startswith', args[0]!.value))),
  endswith: (s, args, kw) => (want('endswith', args, kw, 1, 1), s.endsWith(strArg('endswith', args[0]!.value))),
  format(s, args, kw) {
    let auto = 0;
    let size = s.length;
    let numbering: 'auto' | 'manual' | undefined;
    return s.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, inside: string | undefined) => {
      if (m === '{{') return '{';
      if (m === '}}') return '}';
      const fm = /^([A-Za-z_0-9]*)(?:!([rs]))?(?::([\s\S]*))?$/.exec(inside ?? '');
      if (!fm) {
        throw new PyError('YC2003', `format field '{${inside}}' is not supported in a config: only {}, {0}, {name}, with !r and :spec`);
      }
      const f = fm[1]!;
      const mode = f === '' ? 'auto' : /^\d+$/.test(f) ? 'manual' : numbering;
      if (numbering && mode !== numbering) {
        throw new PyError('YC2011', numbering === 'auto'
          ? 'cannot switch from automatic field numbering to manual field specification'
          : 'cannot switch from manual field specification to automatic field numbering');
      }
      numbering = mode;
      const index = f === '' ? auto++ : /^\d+$/.test(f) ? Number(f) : -1;
      const a = index >= 0 ? args[index] : kw.get(f);
      if (!a) throw new PyError(index >= 0 ? 'YC2008' : 'YC2007', index >= 0 ? `Replacement index ${index} out of range for positional args tuple` : `'${f}'`);
      const shown = fm[2] === 'r' ? pyRepr(a.value) : a.value;
      const piece = fm[3] !== undefined ? formatValue(shown, fm[3]) : pyStr(shown);
      size += piece.length;
      checkStringLength(size);
      return piece;
    });
  },
};

/** The names of methods that exist on a value of this type (attribute lookup finds them first). */
export function hasMethod(self: Val, name: string): boolean {
  if (self instanceof PyDict) return Object.hasOwn(DICT, name) && (name !== 'merge' || self.configDict === true);
  if (self instanceof PyList) return Object.hasOwn(LIST, name) || Object.hasOwn(SEQ, name);
  if (self instanceof PyTuple) return Object.hasOwn(SEQ, name);
  if (typeof self === 'string') return Object.hasOwn(STR, name);
  return false;
}

/** Calls `self.name(...)`; AttributeError when the type has no such method. */
export function callMethod(self: Val, name: string, args: Arg[], kw: Kwargs, rt: Runtime): Val {
  if (self instanceof PyDict && hasMethod(self, name)) return DICT[name]!(self, args, kw, rt);
  if (self instanceof PyList && Object.hasOwn(LIST, name)) return LIST[name]!(self, args, kw, rt);
  if ((self instanceof PyList || self instanceof PyTuple) && Object.hasOwn(SEQ, name)) return SEQ[name]!(self, args, kw, rt);
  if (typeof self === 'string' && Object.hasOwn(STR, name)) return STR[name]!(self, args, kw, rt);
  throw new PyError('YC2009', `'${typeName(self)}' object has no attribute '${name}'`);
}
