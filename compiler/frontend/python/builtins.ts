/**
 * The builtin functions a config may call. Anything not listed here is either a NameError or,
 * for Python builtins that could reach outside the config (open, exec, getattr, ...), refused
 * with YC2005: the evaluator never executes code.
 */
import { PyDict, PyList, PyTuple, type Py } from '../values.js';
import { dictFrom, iterOf, iterate, materialize, type Arg, type Runtime } from './iterate.js';
import { pyFloat, pyInt, pyRound } from './numbers.js';
import { PyError, PyRange, asPy, numeric, pyCompare, pyStr, truthy, typeName, type Val } from './objects.js';
import { binaryOp } from './ops.js';

/** Python builtins that a config may not call: they read files, run code or reach objects. */
export const FORBIDDEN = new Set([
  'exec', 'eval', 'compile', 'open', '__import__', 'setattr', 'delattr',
  'globals', 'locals', 'vars', 'dir', 'input', 'print', 'breakpoint', 'help', 'type', 'super',
  'object', 'memoryview', 'bytearray', 'bytes', 'iter', 'next', 'id', 'hash', 'callable',
  'classmethod', 'staticmethod', 'property', 'exit', 'quit', 'map', 'filter', 'format', 'chr',
  'ord', 'set', 'frozenset', 'complex', 'issubclass', 'aiter', 'anext', 'license', 'credits',
  'copyright', 'slice', 'divmod', 'pow', 'bin', 'hex', 'oct', 'ascii', 'repr',
]);

/** Names of builtin types (values usable as isinstance's second argument). */
export const TYPE_NAMES = new Set(['int', 'float', 'str', 'bool', 'list', 'tuple', 'dict']);

type Kwargs = Map<string, Arg>;
type Builtin = (args: Arg[], kw: Kwargs, rt: Runtime) => Val;

function arity(name: string, args: Arg[], min: number, max: number): void {
  if (args.length < min || args.length > max) {
    const want = min === max ? `exactly ${min}` : args.length < min ? `at least ${min}` : `at most ${max}`;
    throw new PyError('YC2006', `${name}() takes ${want} argument${(args.length < min ? min : max) === 1 ? '' : 's'} (${args.length} given)`);
  }
}

function noKw(name: string, kw: Kwargs, allowed: string[] = []): void {
  for (const k of kw.keys()) {
    if (!allowed.includes(k)) throw new PyError('YC2006', `${name}() got an unexpected keyword argument '${k}'`);
  }
}

function asIndex(v: Val, what = 'integer'): bigint {
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'bigint') return v;
  throw new PyError('YC2006', `'${typeName(v)}' object cannot be interpreted as an ${what}`);
}

function minMax(name: 'min' | 'max', args: Arg[], kw: Kwargs, rt: Runtime): Val {
  noKw(name, kw, ['default']);
  if (args.length === 0) throw new PyError('YC2006', `${name} expected at least 1 argument, got 0`);
  const values: Val[] = args.length === 1 ? [...iterate(args[0]!.value, rt)] : args.map((a) => a.value);
  if (values.length === 0) {
    const d = kw.get('default');
    if (d) return d.value;
    throw new PyError('YC2011', `${name}() arg is an empty sequence`);
  }
  let best: Val = values[0] as Val;
  for (const v of values.slice(1)) {
    const c = pyCompare(v, best, name === 'min' ? '<' : '>');
    if (name === 'min' ? c < 0 : c > 0) best = v;
  }
  return best;
}

function sortItems(items: Py[]): Py[] {
  // Stable merge sort (Array.prototype.sort is stable) with Python ordering; errors propagate.
  return items.sort((a, b) => pyCompare(a, b, '<'));
}

const BUILTINS: Record<string, Builtin> = {
  len(args, kw) {
    noKw('len', kw);
    arity('len', args, 1, 1);
    const v = args[0]!.value;
    if (typeof v === 'string') return BigInt([...v].length);
    if (v instanceof PyList || v instanceof PyTuple) return BigInt(v.items.length);
    if (v instanceof PyDict) return BigInt(v.map.size);
    if (v instanceof PyRange) return v.length;
    throw new PyError('YC2006', `object of type '${typeName(v)}' has no len()`);
  },
  int(args, kw) {
    noKw('int', kw, ['base']);
    arity('int', args, 0, 2);
    if (args.length === 0) return 0n;
    return pyInt(args[0]!.value, args[1]?.value ?? kw.get('base')?.value);
  },
  float(args, kw) {
    noKw('float', kw);
    arity('float', args, 0, 1);
    return args.length ? pyFloat(args[0]!.value) : 0;
  },
  str(args, kw) {
    noKw('str', kw);
    arity('str', args, 0, 1);
    return args.length ? pyStr(args[0]!.value) : '';
  },
  bool(args, kw) {
    noKw('bool', kw);
    arity('bool', args, 0, 1);
    return args.length ? truthy(args[0]!.value) : false;
  },
  abs(args, kw) {
    noKw('abs', kw);
    arity('abs', args, 1, 1);
    const n = numeric(args[0]!.value);
    if (n === undefined) throw new PyError('YC2006', `bad operand type for abs(): '${typeName(args[0]!.value)}'`);
    return typeof n === 'bigint' ? (n < 0n ? -n : n) : Math.abs(n);
  },
  round(args, kw) {
    noKw('round', kw, ['ndigits']);
    arity('round', args, 1, 2);
    return pyRound(args[0]!.value, args[1]?.value ?? kw.get('ndigits')?.value);
  },
  min: (args, kw, rt) => minMax('min', args, kw, rt),
  max: (args, kw, rt) => minMax('max', args, kw, rt),
  range(args, kw) {
    noKw('range', kw);
    arity('range', args, 1, 3);
    const n = args.map((a) => asIndex(a.value));
    const [start, stop, step] = n.length === 1 ? [0n, n[0]!, 1n] : [n[0]!, n[1]!, n[2] ?? 1n];
    if (step === 0n) throw new PyError('YC2011', 'range() arg 3 must not be zero');
    return new PyRange(start, stop, step);
  },
  list(args, kw, rt) {
    noKw('list', kw);
    arity('list', args, 0, 1);
    if (!args.length) return new PyList([]);
    const { items, spans } = materialize(args[0]!.value, rt);
    return new PyList(items, spans);
  },
  tuple(args, kw, rt) {
    noKw('tuple', kw);
    arity('tuple', args, 0, 1);
    if (!args.length) return new PyTuple([]);
    const { items, spans } = materialize(args[0]!.value, rt);
    return new PyTuple(items, spans);
  },
  dict(args, kw, rt) {
    arity('dict', args, 0, 1);
    const d = args.length ? dictFrom(args[0]!.value, rt) : new PyDict();
    for (const [k, a] of kw) d.set(k, asPy(a.value), a.span);
    return d;
  },
  sum(args, kw, rt) {
    noKw('sum', kw, ['start']);
    arity('sum', args, 1, 2);
    let acc: Val = args[1]?.value ?? kw.get('start')?.value ?? 0n;
    if (typeof acc === 'string') throw new PyError('YC2006', "sum() can't sum strings [use ''.join(seq) instead]");
    for (const x of iterate(args[0]!.value, rt)) acc = binaryOp('+', acc, x, rt.limits);
    return acc;
  },
  sorted(args, kw, rt) {
    noKw('sorted', kw, ['reverse']);
    arity('sorted', args, 1, 1);
    const items = sortItems(materialize(args[0]!.value, rt).items);
    if (truthy(kw.get('reverse')?.value ?? false)) items.reverse();
    return new PyList(items);
  },
  reversed(args, kw, rt) {
    noKw('reversed', kw);
    arity('reversed', args, 1, 1);
    const items = materialize(args[0]!.value, rt).items.reverse();
    return iterOf('list_reverseiterator', () => items);
  },
  zip(args, kw, rt) {
    noKw('zip', kw);
    const cols = args.map((a) => materialize(a.value, rt).items);
    const n = cols.length ? Math.min(...cols.map((c) => c.length)) : 0;
    return iterOf('zip', function* () {
      for (let i = 0; i < n; i++) yield new PyTuple(cols.map((c) => c[i]!));
    });
  },
  enumerate(args, kw, rt) {
    noKw('enumerate', kw, ['start']);
    arity('enumerate', args, 1, 2);
    const start = asIndex(args[1]?.value ?? kw.get('start')?.value ?? 0n);
    const items = materialize(args[0]!.value, rt).items;
    return iterOf('enumerate', function* () {
      for (let i = 0; i < items.length; i++) yield new PyTuple([start + BigInt(i), items[i]!]);
    });
  },
  any(args, kw, rt) {
    noKw('any', kw);
    arity('any', args, 1, 1);
    for (const x of iterate(args[0]!.value, rt)) if (truthy(x)) return true;
    return false;
  },
  // isinstance and hasattr are evaluated by the evaluator (they need its attribute rules);
  // listed so they resolve.
  getattr() {
    throw new PyError('YC2006', 'getattr() needs its arguments written out');
  },
  hasattr() {
    throw new PyError('YC2006', 'hasattr() needs its arguments written out');
  },
  isinstance() {
    throw new PyError('YC2006', 'isinstance() needs its arguments written out');
  },
  all(args, kw, rt) {
    noKw('all', kw);
    arity('all', args, 1, 1);
    for (const x of iterate(args[0]!.value, rt)) if (!truthy(x)) return false;
    return true;
  },
};

/** True when `name` is a builtin function a config may call. */
export function isBuiltin(name: string): boolean {
  return Object.hasOwn(BUILTINS, name);
}

/** Calls the builtin `name` (check isBuiltin first). */
export function callBuiltin(name: string, args: Arg[], kw: Kwargs, rt: Runtime): Val {
  return BUILTINS[name]!(args, kw, rt);
}
