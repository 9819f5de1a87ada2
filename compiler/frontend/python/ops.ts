/**
 * Python's operators on config values, with Python's results and error wording: `/` always
 * floats, `//` and `%` floor (also for negatives), int is unbounded (bigint) but size-checked
 * before computing, so `10**10**10` and `'a' * 10**10` are refused without allocating.
 */
import { PyDict, PyList, PyTuple, type Py } from '../values.js';
import { percentFormat } from './format.js';
import { PyError, PyRange, dictKey, numeric, pyCompare, pyEquals, typeName, type Val } from './objects.js';

/** Size limits the operators enforce before allocating. */
export interface SizeLimits {
  /** Longest string (characters) or sequence (items) an operation may produce. */
  maxLength: number;
  /** Largest int an operation may produce, in bits. */
  maxIntBits: number;
}

const SMALL = 1n << 64n;

function bitLength(x: bigint): number {
  if (x < 0n) x = -x;
  if (x < SMALL) return 64;
  return x === 0n ? 0 : x.toString(16).length * 4;
}

function tooBig(bits: number, limits: SizeLimits): never {
  throw new PyError('YC2905', `integer result of about ${bits} bits exceeds the limit of ${limits.maxIntBits} bits`, true);
}

/** int -> float with Python's OverflowError. */
export function toFloat(x: bigint | number): number {
  if (typeof x === 'number') return x;
  const f = Number(x);
  if (!Number.isFinite(f)) throw new PyError('YC2012', 'int too large to convert to float');
  return f;
}

/** A float result that overflowed is CPython's OverflowError (34, ERANGE). */
function floatResult(x: number): number {
  if (!Number.isFinite(x)) throw new PyError('YC2012', "(34, 'Numerical result out of range')");
  return x;
}

function checkLength(n: bigint | number, limits: SizeLimits): number {
  if (BigInt(n) > BigInt(limits.maxLength)) {
    throw new PyError('YC2904', `result of ${n} items exceeds the limit of ${limits.maxLength}`, true);
  }
  return Number(n);
}

function repeatSeq(seq: Val, times: bigint, limits: SizeLimits): Val {
  const n = times < 0n ? 0n : times;
  if (typeof seq === 'string') {
    checkLength(BigInt(seq.length) * n, limits);
    return seq.repeat(Number(n));
  }
  const s = seq as PyList | PyTuple;
  const total = checkLength(BigInt(s.items.length) * n, limits);
  const items: Py[] = new Array(total);
  const spans = new Array(total);
  for (let i = 0; i < total; i++) {
    items[i] = s.items[i % s.items.length]!;
    spans[i] = s.spans[i % s.items.length];
  }
  return s instanceof PyList ? new PyList(items, spans) : new PyTuple(items, spans);
}

function isSeq(v: Val): v is string | PyList | PyTuple {
  return typeof v === 'string' || v instanceof PyList || v instanceof PyTuple;
}

/** Floor division and modulo of floats as CPython computes them (float_divmod). */
function floatDivmod(a: number, b: number): [number, number] {
  let mod = a % b;
  let div = (a - mod) / b;
  if (mod) {
    if (b < 0 !== mod < 0) {
      mod += b;
      div -= 1;
    }
  } else {
    mod = b < 0 ? -0 : 0;
  }
  let floordiv: number;
  if (div) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
  } else {
    floordiv = (a / b) < 0 ? -0 : 0;
  }
  return [floordiv, mod];
}

function intFloorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? q - 1n : q;
}

function intMod(a: bigint, b: bigint): bigint {
  const m = a % b;
  return m !== 0n && (m < 0n) !== (b < 0n) ? m + b : m;
}

/** int / int, correctly rounded for the sizes configs use. */
function trueDivInt(a: bigint, b: bigint): number {
  if (b === 0n) throw new PyError('YC2010', 'division by zero');
  const x = Number(a);
  const y = Number(b);
  if (Number.isFinite(x) && Number.isFinite(y)) return x / y;
  const q = Number(a / b);
  if (!Number.isFinite(q)) throw new PyError('YC2012', 'integer division result too large for a float');
  return q + Number(a % b) / y;
}

function power(a: bigint | number, b: bigint | number, limits: SizeLimits): bigint | number {
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    if (b < 0n) {
      if (a === 0n) throw new PyError('YC2010', '0.0 cannot be raised to a negative power');
      return floatResult(toFloat(a) ** toFloat(b));
    }
    if (a === 0n || a === 1n || a === -1n) return b === 0n ? 1n : a === -1n && b % 2n === 0n ? 1n : a;
    const bits = bitLength(a) * Number(b);
    if (!(bits <= limits.maxIntBits)) tooBig(bits, limits);
    return a ** b;
  }
  const x = toFloat(a);
  const y = toFloat(b);
  if (x === 0 && y < 0) throw new PyError('YC2010', '0.0 cannot be raised to a negative power');
  if (x < 0 && !Number.isInteger(y)) {
    throw new PyError('YC2011', 'a negative number raised to a fractional power gives a complex number');
  }
  const r = x ** y;
  if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) floatResult(r);
  return r;
}

function arith(op: string, a: bigint | number, b: bigint | number, limits: SizeLimits): bigint | number {
  if (op === '**') return power(a, b, limits);
  if (op === '/') {
    if (typeof a === 'bigint' && typeof b === 'bigint') return trueDivInt(a, b);
    const y = toFloat(b);
    if (y === 0) throw new PyError('YC2010', 'float division by zero');
    return toFloat(a) / y;
  }
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    switch (op) {
      case '+': case '-': {
        const bits = Math.max(bitLength(a), bitLength(b)) + 1;
        if (bits > limits.maxIntBits) tooBig(bits, limits);
        return op === '+' ? a + b : a - b;
      }
      case '*': {
        const bits = bitLength(a) + bitLength(b);
        if (bits > limits.maxIntBits) tooBig(bits, limits);
        return a * b;
      }
      case '//':
        if (b === 0n) throw new PyError('YC2010', 'integer division or modulo by zero');
        return intFloorDiv(a, b);
      case '%':
        if (b === 0n) throw new PyError('YC2010', 'integer modulo by zero');
        return intMod(a, b);
    }
  }
  const x = toFloat(a);
  const y = toFloat(b);
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '//':
      if (y === 0) throw new PyError('YC2010', 'float floor division by zero');
      return floatDivmod(x, y)[0];
    case '%':
      if (y === 0) throw new PyError('YC2010', 'float modulo');
      return floatDivmod(x, y)[1];
  }
  throw new PyError('YC2003', `operator '${op}' is not supported`);
}

function bitwise(op: string, a: bigint, b: bigint, limits: SizeLimits): bigint {
  switch (op) {
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
    case '<<': {
      if (b < 0n) throw new PyError('YC2011', 'negative shift count');
      const bits = bitLength(a) + Number(b);
      if (a !== 0n && !(bits <= limits.maxIntBits)) tooBig(bits, limits);
      return a === 0n ? 0n : a << b;
    }
    case '>>':
      if (b < 0n) throw new PyError('YC2011', 'negative shift count');
      return b > 100_000_000n ? (a < 0n ? -1n : 0n) : a >> b;
  }
  throw new PyError('YC2003', `operator '${op}' is not supported`);
}

function concatError(a: Val, b: Val): never {
  const ta = typeName(a);
  if (isSeq(a)) throw new PyError('YC2006', `can only concatenate ${ta} (not "${typeName(b)}") to ${ta}`);
  return unsupported('+', a, b);
}

function unsupported(op: string, a: Val, b: Val): never {
  throw new PyError('YC2006', `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

/** A binary arithmetic or bitwise operator (`+ - * / // % ** << >> & | ^`). */
export function binaryOp(op: string, a: Val, b: Val, limits: SizeLimits): Val {
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined && y !== undefined) {
    if (op === '&' || op === '|' || op === '^' || op === '<<' || op === '>>') {
      if (typeof x === 'number' || typeof y === 'number') unsupported(op, a, b);
      const r = bitwise(op, x as bigint, y as bigint, limits);
      // bool & bool stays a bool in Python.
      if (typeof a === 'boolean' && typeof b === 'boolean' && op !== '<<' && op !== '>>') return r !== 0n;
      return r;
    }
    if (op === '@') unsupported(op, a, b);
    return arith(op, x, y, limits);
  }
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') {
      checkLength(a.length + b.length, limits);
      return a + b;
    }
    if ((a instanceof PyList && b instanceof PyList) || (a instanceof PyTuple && b instanceof PyTuple)) {
      checkLength(a.items.length + b.items.length, limits);
      const items = [...a.items, ...b.items];
      const spans = [...padSpans(a), ...padSpans(b)];
      return a instanceof PyList ? new PyList(items, spans) : new PyTuple(items, spans);
    }
    return concatError(a, b);
  }
  if (op === '*') {
    if (isSeq(a) && typeof b !== 'number' && y !== undefined) return repeatSeq(a, y as bigint, limits);
    if (isSeq(b) && typeof a !== 'number' && x !== undefined) return repeatSeq(b, x as bigint, limits);
    if (isSeq(a)) throw new PyError('YC2006', `can't multiply sequence by non-int of type '${typeName(b)}'`);
    if (isSeq(b)) throw new PyError('YC2006', `can't multiply sequence by non-int of type '${typeName(a)}'`);
  }
  if (op === '|' && a instanceof PyDict && b instanceof PyDict) {
    const d = new PyDict();
    for (const src of [a, b]) for (const [k, v] of src.map) d.set(k, v, src.spans.get(k));
    return d;
  }
  if (op === '%' && typeof a === 'string') return percentFormat(a, b);
  return unsupported(op, a, b);
}

function padSpans(s: PyList | PyTuple) {
  return Array.from({ length: s.items.length }, (_, i) => s.spans[i]);
}

/** Unary `-`, `+`, `~`. */
export function unaryOp(op: string, a: Val): Val {
  const x = numeric(a);
  if (x === undefined) throw new PyError('YC2006', `bad operand type for unary ${op}: '${typeName(a)}'`);
  if (op === '-') return typeof x === 'bigint' ? -x : -x;
  if (op === '+') return x;
  if (typeof x === 'number') throw new PyError('YC2006', `bad operand type for unary ~: 'float'`);
  return -x - 1n;
}

/** `in`: membership in a str, list, tuple, dict (keys) or range. */
export function contains(container: Val, item: Val): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') {
      throw new PyError('YC2006', `'in <string>' requires string as left operand, not ${typeName(item)}`);
    }
    return container.includes(item);
  }
  if (container instanceof PyList || container instanceof PyTuple) return container.items.some((x) => pyEquals(x, item));
  if (container instanceof PyDict) return container.map.has(dictKey(item));
  if (container instanceof PyRange) {
    const n = numeric(item);
    if (n === undefined || (typeof n === 'number' && !Number.isInteger(n))) return false;
    const v = BigInt(n);
    const { start, step } = container;
    const len = container.length;
    if (len === 0n) return false;
    const off = v - start;
    if (off % step !== 0n) return false;
    const i = off / step;
    return i >= 0n && i < len;
  }
  throw new PyError('YC2006', `argument of type '${typeName(container)}' is not iterable`);
}

/** A comparison operator, including `in`, `not in`, `is`, `is not`. */
export function compareOp(op: string, a: Val, b: Val): boolean {
  switch (op) {
    case '==': return pyEquals(a, b);
    case '!=': return !pyEquals(a, b);
    case 'in': return contains(b, a);
    case 'not in': return !contains(b, a);
    // Identity: singletons and same container; small values compare by value as CPython caches them.
    case 'is': return a === b || (a === null && b === null);
    case 'is not': return !(a === b);
  }
  const c = pyCompare(a, b, op);
  if (Number.isNaN(c)) return false;
  switch (op) {
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    case '>=': return c >= 0;
  }
  throw new PyError('YC2003', `comparison '${op}' is not supported`);
}
