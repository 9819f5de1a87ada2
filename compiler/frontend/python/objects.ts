/**
 * The evaluator's runtime values: the config value model (values.ts) plus the few transient
 * Python objects a config may build but never store (range, dict views, generators), and the
 * helpers every operation needs (truthiness, equality, ordering, str/repr with Python's output).
 */
import { PyDict, PyList, PyTuple, pyTypeName, type Py } from '../values.js';

/** An error raised by an operation, without a location: the evaluator adds the span. */
export class PyError extends Error {
  constructor(readonly code: string, message: string, readonly fatal = false) {
    super(message);
  }
}

/** A lazy `range`: never materialised, so `range(10**9)` costs nothing until iterated. */
export class PyRange {
  constructor(readonly start: bigint, readonly stop: bigint, readonly step: bigint) {}
  get length(): bigint {
    const { start, stop, step } = this;
    if (step > 0n) return stop > start ? (stop - start + step - 1n) / step : 0n;
    return start > stop ? (start - stop - step - 1n) / -step : 0n;
  }
  at(i: bigint): bigint {
    return this.start + i * this.step;
  }
}

/** A one-shot iterator (generator expression, dict view, zip, enumerate): iterable, not storable. */
export class PyIter {
  constructor(readonly kind: string, readonly source: () => Iterable<Py>) {}
}

/** A builtin type used as a value, only meaningful as isinstance's second argument. */
export class PyType {
  constructor(readonly name: string) {}
}

/**
 * A name a pure-Python config imports (`from mmengine.hooks import EMAHook`): MMEngine's
 * LazyObject/LazyAttr, a symbol that is never imported. `module` and `name` are what
 * MMEngine's `.module` and `str()` give, so `dotted` is the string `to_dict()` prints.
 *   kind 'name'    from a.b import C      -> module 'a.b', name 'C'
 *   kind 'module'  import a.b as m        -> module 'a.b', name 'a.b'
 *   kind 'package' import a.b             -> module 'a',   name 'a'
 *   kind 'attr'    x.attr of any of them
 */
export class PyLazy {
  constructor(readonly kind: 'name' | 'module' | 'package' | 'attr', readonly module: string, readonly name: string) {}
  /** What `to_dict()` prints for it. */
  get dotted(): string {
    return `${this.module}.${this.name}`;
  }
  /** `x.attr`: a LazyAttr, with MMEngine's module rule. */
  attr(name: string): PyLazy {
    const module = this.kind === 'module' || this.kind === 'package' ? this.module : `${this.module}.${this.name}`;
    return new PyLazy('attr', module, name);
  }
}

/** A standard module a config may use by name (`import math`): its members are looked up,
 *  never imported. */
export class PyModule {
  constructor(readonly name: string, readonly members: ReadonlyMap<string, Val>) {}
}

/** A pure standard function or type known by name (`copy.deepcopy`, `math.ceil`,
 *  `functools.partial`): evaluated here. `kind` is what Python's type() says, which decides
 *  whether MMEngine drops it from a classic config ('function') or keeps it ('builtin', 'type'). */
export class PyNative {
  constructor(
    readonly qualname: string,
    readonly kind: 'function' | 'builtin' | 'type',
    readonly impl: (args: { value: Val }[], kw: Map<string, { value: Val }>, rt: unknown) => Val,
  ) {}
}

/** A function the config defines (`def f(x): ...`, `lambda x: ...`), called by the evaluator
 *  with its own local scope; `closure` is the scope chain where it was defined. */
export class PyFunction {
  constructor(
    readonly name: string,
    readonly params: readonly FunctionParam[],
    /** The Body node of a def, or the expression of a lambda. */
    readonly body: unknown,
    readonly isLambda: boolean,
    readonly closure: readonly Map<string, unknown>[],
    /** Names the body assigns (Python's local variables), minus `global` ones. */
    readonly localNames: ReadonlySet<string>,
    readonly globalNames: ReadonlySet<string>,
  ) {}
}

/** A parameter of a config function; defaults are evaluated when the def runs, as in Python. */
export interface FunctionParam {
  name: string;
  kind: 'plain' | 'star' | 'dstar' | 'kwonly';
  default?: Val;
}

/**
 * The step meter for deep operations (==, <, repr) over containers. Shared references let a
 * tiny program build `[[[0] * 1000] * 1000] * 1000`, whose repr or comparison visits 1e9 items;
 * charging each visited item to the evaluator's step budget stops that. Evaluation is
 * synchronous, so one module-level meter, installed for the duration of a run, is enough.
 */
let meter: (() => void) | undefined;
/** The longest string str()/repr() may build during the current run. */
let maxString = 10_000_000;

/** Runs `fn` with `tick` charged for every container item a deep operation visits. */
export function withMeter<T>(tick: () => void, maxLength: number, fn: () => T): T {
  const saved = [meter, maxString] as const;
  meter = tick;
  maxString = maxLength;
  try {
    return fn();
  } finally {
    [meter, maxString] = saved;
  }
}

/** Refuses a string longer than the current run's limit (before it is built, where possible). */
export function checkStringLength(n: number): void {
  if (n > maxString) throw new PyError('YC2904', `string of ${n} characters exceeds the limit of ${maxString}`, true);
}

/** Anything an expression can evaluate to. Only `Py` may go into containers or the result
 *  (an imported name goes in as the dotted string MMEngine's to_dict() gives it). */
export type Val = Py | PyRange | PyIter | PyType | PyLazy | PyModule | PyNative | PyFunction;

/** Python's type name of any evaluator value. */
export function typeName(v: Val): string {
  if (v instanceof PyRange) return 'range';
  if (v instanceof PyIter) return v.kind;
  if (v instanceof PyType) return 'type';
  if (v instanceof PyLazy) return v.kind === 'attr' ? 'LazyAttr' : 'LazyObject';
  if (v instanceof PyModule) return 'module';
  if (v instanceof PyNative) return v.kind === 'builtin' ? 'builtin_function_or_method' : v.kind;
  if (v instanceof PyFunction) return 'function';
  return pyTypeName(v);
}

/** True for values that are plain config data. */
export function isPy(v: Val): v is Py {
  return v === null || typeof v !== 'object' || v instanceof PyDict || v instanceof PyList || v instanceof PyTuple;
}

/** Narrows to config data, or says why a transient object cannot be stored. An imported name
 *  becomes its dotted path, what MMEngine's to_dict() prints for it. */
export function asPy(v: Val): Py {
  if (isPy(v)) return v;
  if (v instanceof PyLazy) return v.dotted;
  const why = v instanceof PyRange || v instanceof PyIter ? '; wrap it in list(...)' : ' (only data: numbers, strings, lists, tuples, dicts)';
  throw new PyError('YC2013', `a '${typeName(v)}' object cannot be stored in a config${why}`);
}

/**
 * A dict key as the config stores it. Configs are JSON at heart, so non-str scalar keys take
 * the string json.dumps gives them (`{0: 'batch'}` -> "0", True -> "true"); lookups convert the
 * same way, so `d[0]` still finds it. Lists and dicts are unhashable, as in Python.
 */
export function dictKey(k: Val): string {
  if (typeof k === 'string') return k;
  if (typeof k === 'bigint') return k.toString();
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  if (k === null) return 'null';
  if (typeof k === 'number') return Number.isFinite(k) ? floatRepr(k) : Number.isNaN(k) ? 'NaN' : k > 0 ? 'Infinity' : '-Infinity';
  if (k instanceof PyTuple) throw new PyError('YC2013', 'tuple dict keys cannot be stored in a config (JSON keys are strings)');
  throw new PyError('YC2006', `unhashable type: '${typeName(k)}'`);
}

/** Python truthiness. */
export function truthy(v: Val): boolean {
  if (v === null) return false;
  switch (typeof v) {
    case 'boolean': return v;
    case 'bigint': return v !== 0n;
    case 'number': return v !== 0;
    case 'string': return v.length > 0;
  }
  if (v instanceof PyList || v instanceof PyTuple) return v.items.length > 0;
  if (v instanceof PyDict) return v.map.size > 0;
  if (v instanceof PyRange) return v.length > 0n;
  return true;
}

/** A number for numeric comparison and mixing: bool and int widen, float stays. */
export function numeric(v: Val): bigint | number | undefined {
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'bigint' || typeof v === 'number') return v;
  return undefined;
}

/** Compares two numbers of mixed int/float kind exactly enough for configs: -1, 0, 1 (NaN: NaN). */
export function compareNumbers(a: bigint | number, b: bigint | number): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const x = typeof a === 'bigint' ? intToFloatLoose(a) : a;
  const y = typeof b === 'bigint' ? intToFloatLoose(b) : b;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === y && typeof a !== typeof b && Number.isFinite(x)) {
    // 2**53 + 1 == 9007199254740992.0 is False in Python: compare exactly via bigint.
    const ai = typeof a === 'bigint' ? a : BigInt(a);
    const bi = typeof b === 'bigint' ? b : BigInt(b);
    return ai < bi ? -1 : ai > bi ? 1 : 0;
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

function intToFloatLoose(a: bigint): number {
  return Number(a);
}

/** Python `==`: numbers across int/float/bool, deep on containers, list != tuple. */
export function pyEquals(a: Val, b: Val): boolean {
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined && y !== undefined) return compareNumbers(x, y) === 0;
  if (x !== undefined || y !== undefined) return false;
  if (a === null || b === null || typeof a === 'string' || typeof b === 'string') return a === b;
  if (a instanceof PyList && b instanceof PyList) return seqEquals(a.items, b.items);
  if (a instanceof PyTuple && b instanceof PyTuple) return seqEquals(a.items, b.items);
  if (a instanceof PyDict && b instanceof PyDict) {
    if (a.map.size !== b.map.size) return false;
    for (const [k, v] of a.map) {
      meter?.();
      if (!b.map.has(k) || !pyEquals(v, b.map.get(k)!)) return false;
    }
    return true;
  }
  if (a instanceof PyRange && b instanceof PyRange) {
    return a.length === b.length && (a.length === 0n || (a.start === b.start && (a.length === 1n || a.step === b.step)));
  }
  return a === b;
}

function seqEquals(a: readonly Py[], b: readonly Py[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    meter?.();
    if (a[i] !== b[i] && !pyEquals(a[i]!, b[i]!)) return false;
  }
  return true;
}

/** Python ordering (`<`): numbers, strings, same-kind sequences; TypeError otherwise. */
export function pyCompare(a: Val, b: Val, op: string): number {
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined && y !== undefined) return compareNumbers(x, y);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if ((a instanceof PyList && b instanceof PyList) || (a instanceof PyTuple && b instanceof PyTuple)) {
    const n = Math.min(a.items.length, b.items.length);
    for (let i = 0; i < n; i++) {
      meter?.();
      if (!pyEquals(a.items[i]!, b.items[i]!)) return pyCompare(a.items[i]!, b.items[i]!, op);
    }
    return a.items.length - b.items.length;
  }
  throw new PyError('YC2006', `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** Python's repr of a float: shortest round-trip digits, exponent outside [1e-4, 1e16). */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let body: string;
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    body = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  } else if (exp < 0) {
    body = `0.${'0'.repeat(-exp - 1)}${digits}`;
  } else if (digits.length <= exp + 1) {
    body = `${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  } else {
    body = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return neg ? `-${body}` : body;
}

/** Python's repr of a string: single quotes unless the text has ' and no ". */
export function strRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === q || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + q;
}

/** Python's repr(). Bounded by `limit` characters so error messages stay small. */
export function pyRepr(v: Val, limit = 10_000): string {
  const parts: string[] = [];
  let size = 0;
  const push = (s: string): boolean => {
    meter?.();
    parts.push(s);
    size += s.length;
    return size < limit;
  };
  const walk = (x: Val): boolean => {
    if (x === null) return push('None');
    switch (typeof x) {
      case 'boolean': return push(x ? 'True' : 'False');
      case 'bigint': return push(x.toString());
      case 'number': return push(floatRepr(x));
      case 'string': return push(strRepr(x));
    }
    if (x instanceof PyRange) {
      return push(`range(${x.start}, ${x.stop}${x.step === 1n ? '' : `, ${x.step}`})`);
    }
    if (x instanceof PyIter) return push(`<${x.kind} object>`);
    if (x instanceof PyType) return push(`<class '${x.name}'>`);
    if (x instanceof PyLazy) return push(x.name);
    if (x instanceof PyModule) return push(`<module '${x.name}'>`);
    if (x instanceof PyNative) return push(x.kind === 'type' ? `<class '${x.qualname}'>` : `<function ${x.qualname}>`);
    if (x instanceof PyFunction) return push(`<function ${x.name}>`);
    if (x instanceof PyDict) {
      if (!push('{')) return false;
      let first = true;
      for (const [k, val] of x.map) {
        if (!first && !push(', ')) return false;
        first = false;
        if (!push(`${strRepr(k)}: `) || !walk(val)) return false;
      }
      return push('}');
    }
    const tuple = x instanceof PyTuple;
    if (!push(tuple ? '(' : '[')) return false;
    x.items.forEach((item, i) => {
      if (size >= limit) return;
      if (i > 0) push(', ');
      walk(item);
    });
    if (tuple && x.items.length === 1) push(',');
    return push(tuple ? ')' : ']');
  };
  walk(v);
  const s = parts.join('');
  return s.length > limit ? s.slice(0, limit) + '...' : s;
}

/** Python's str(): strings as they are, everything else as repr. */
export function pyStr(v: Val): string {
  if (typeof v === 'string') return v;
  const s = pyRepr(v, maxString);
  checkStringLength(s.length);
  return s;
}
