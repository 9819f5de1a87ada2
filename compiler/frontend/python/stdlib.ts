/**
 * The standard library as a config sees it. Nothing is imported: a few pure functions and
 * constants that configs use (`copy.deepcopy`, `math.ceil`, `os.path.join`, `functools.partial`,
 * `itertools.chain`) are evaluated here by name, with CPython's results; any other standard
 * module is refused with the list of what is there. STANDARD_MODULES is the set MMEngine's
 * `_is_builtin_module` treats as built in (`sys.stdlib_module_names` of CPython 3.11), which
 * decides whether a config is a pure-Python ("lazy import") one.
 */
import { PyDict, PyTuple, type Py } from '../values.js';
import { deepCopyPy, shallowCopyPy } from './configdict.js';
import { iterOf, materialize, type Arg, type Runtime } from './iterate.js';
import { toFloat } from './ops.js';
import { PyError, PyModule, PyNative, asPy, numeric, typeName, type Val } from './objects.js';

/** Top-level modules of CPython's standard library (what `_is_builtin_module` accepts). */
export const STANDARD_MODULES = new Set(`abc aifc argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb
binascii bisect builtins bz2 cProfile calendar cgi cgitb chunk cmath cmd code codecs codeop collections colorsys
compileall concurrent configparser contextlib contextvars copy copyreg crypt csv ctypes curses dataclasses datetime
dbm decimal difflib dis distutils doctest email encodings ensurepip enum errno faulthandler fcntl filecmp fileinput
fnmatch fractions ftplib functools gc genericpath getopt getpass gettext glob graphlib grp gzip hashlib heapq hmac
html http idlelib imaplib imghdr imp importlib inspect io ipaddress itertools json keyword lib2to3 linecache locale
logging lzma mailbox mailcap marshal math mimetypes mmap modulefinder msilib msvcrt multiprocessing netrc nis
nntplib nt ntpath nturl2path numbers opcode operator optparse os ossaudiodev pathlib pdb pickle pickletools pipes
pkgutil platform plistlib poplib posix posixpath pprint profile pstats pty pwd py_compile pyclbr pydoc pydoc_data
pyexpat queue quopri random re readline reprlib resource rlcompleter runpy sched secrets select selectors shelve
shlex shutil signal site smtpd smtplib sndhdr socket socketserver spwd sqlite3 sre_compile sre_constants sre_parse
ssl stat statistics string stringprep struct subprocess sunau symtable sys sysconfig syslog tabnanny tarfile
telnetlib tempfile termios textwrap this threading time timeit tkinter token tokenize tomllib trace traceback
tracemalloc tty turtle turtledemo types typing unicodedata unittest urllib uu uuid venv warnings wave weakref
webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo __future__`.split(/\s+/));

/** MMEngine's `_is_builtin_module(name)`: a standard module, or mmengine.config itself. */
export function isStandardModule(name: string): boolean {
  if (name.startsWith('.')) return false;
  if (name.startsWith('mmengine.config')) return true;
  return STANDARD_MODULES.has(name.split('.')[0]!);
}

/** What natives need beyond the step meter: calling a value, the environment, the config file. */
export interface NativeRuntime extends Runtime {
  callValue(fn: Val, args: Arg[], kw: Map<string, Arg>): Val;
  /** The environment (os.environ, expanduser), or undefined when it may not be read. */
  env(): Record<string, string | undefined>;
  /** The config file being evaluated (the one path whose existence is known). */
  readonly file: string;
}

type Impl = (args: Arg[], kw: Map<string, Arg>, rt: NativeRuntime) => Val;

function fn(qualname: string, kind: PyNative['kind'], impl: Impl): PyNative {
  return new PyNative(qualname, kind, impl as PyNative['impl']);
}

function want(name: string, args: Arg[], kw: Map<string, Arg>, min: number, max: number, kwAllowed: string[] = []): void {
  for (const k of kw.keys()) if (!kwAllowed.includes(k)) throw new PyError('YC2006', `${name}() got an unexpected keyword argument '${k}'`);
  if (args.length < min || args.length > max) {
    throw new PyError('YC2006', `${name}() takes ${min === max ? `exactly ${min}` : args.length < min ? `at least ${min}` : `at most ${max}`} argument${(args.length < min ? min : max) === 1 ? '' : 's'} (${args.length} given)`);
  }
}

function num(name: string, v: Val): number {
  const n = numeric(v);
  if (n === undefined) throw new PyError('YC2006', `must be real number, not ${typeName(v)}`);
  return typeof n === 'bigint' ? toFloat(n) : n;
}

function str(name: string, v: Val): string {
  if (typeof v !== 'string') throw new PyError('YC2006', `${name}() argument must be str, not ${typeName(v)}`);
  return v;
}

function floatToInt(name: string, x: number, round: (x: number) => number): bigint {
  if (Number.isNaN(x)) throw new PyError('YC2011', 'cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw new PyError('YC2012', 'cannot convert float infinity to integer');
  return BigInt(round(x));
}

/** math.ceil/floor/trunc: ints stay ints, floats round to an int. */
function rounding(name: string, round: (x: number) => number): PyNative {
  return fn(`math.${name}`, 'builtin', (args, kw) => {
    want(name, args, kw, 1, 1);
    const v = args[0]!.value;
    if (typeof v === 'bigint') return v;
    if (typeof v === 'boolean') return v ? 1n : 0n;
    return floatToInt(name, num(name, v), round);
  });
}

/** A one-argument float function of math with its domain check. */
function real(name: string, f: (x: number) => number, domain?: (x: number) => boolean): PyNative {
  return fn(`math.${name}`, 'builtin', (args, kw) => {
    want(name, args, kw, 1, 1);
    const x = num(name, args[0]!.value);
    if (domain && !domain(x)) throw new PyError('YC2011', 'math domain error');
    return f(x);
  });
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
}

function intArg(name: string, v: Val): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  throw new PyError('YC2006', `'${typeName(v)}' object cannot be interpreted as an integer`);
}

const MATH = new Map<string, Val>([
  ['pi', Math.PI], ['e', Math.E], ['tau', 2 * Math.PI], ['inf', Infinity], ['nan', NaN],
  ['ceil', rounding('ceil', Math.ceil)],
  ['floor', rounding('floor', Math.floor)],
  ['trunc', rounding('trunc', Math.trunc)],
  ['sqrt', real('sqrt', Math.sqrt, (x) => x >= 0)],
  ['fabs', real('fabs', Math.abs)],
  ['exp', real('exp', Math.exp)],
  ['log2', real('log2', Math.log2, (x) => x > 0)],
  ['log10', real('log10', Math.log10, (x) => x > 0)],
  ['radians', real('radians', (x) => (x * Math.PI) / 180)],
  ['degrees', real('degrees', (x) => (x * 180) / Math.PI)],
  ['isnan', fn('math.isnan', 'builtin', (args, kw) => (want('isnan', args, kw, 1, 1), Number.isNaN(num('isnan', args[0]!.value))))],
  ['isinf', fn('math.isinf', 'builtin', (args, kw) => {
    want('isinf', args, kw, 1, 1);
    const x = num('isinf', args[0]!.value);
    return !Number.isFinite(x) && !Number.isNaN(x);
  })],
  ['isfinite', fn('math.isfinite', 'builtin', (args, kw) => (want('isfinite', args, kw, 1, 1), Number.isFinite(num('isfinite', args[0]!.value))))],
  ['log', fn('math.log', 'builtin', (args, kw) => {
    want('log', args, kw, 1, 2);
    const x = num('log', args[0]!.value);
    if (x <= 0) throw new PyError('YC2011', 'math domain error');
    if (args.length === 1) return Math.log(x);
    const b = num('log', args[1]!.value);
    if (b <= 0) throw new PyError('YC2011', 'math domain error');
    if (b === 1) throw new PyError('YC2010', 'float division by zero');
    return Math.log(x) / Math.log(b);
  })],
  ['pow', fn('math.pow', 'builtin', (args, kw) => {
    want('pow', args, kw, 2, 2);
    const x = num('pow', args[0]!.value);
    const y = num('pow', args[1]!.value);
    if (x === 0 && y < 0) throw new PyError('YC2011', 'math domain error');
    if (x < 0 && !Number.isInteger(y) && Number.isFinite(y)) throw new PyError('YC2011', 'math domain error');
    return x === 1 || y === 0 ? 1 : Math.pow(x, y);
  })],
  ['gcd', fn('math.gcd', 'builtin', (args, kw) => {
    want('gcd', args, kw, 0, 1e9);
    return args.reduce((acc, a) => gcd(acc, intArg('gcd', a.value)), 0n);
  })],
  ['isclose', fn('math.isclose', 'builtin', (args, kw) => {
    want('isclose', args, kw, 2, 2, ['rel_tol', 'abs_tol']);
    const a = num('isclose', args[0]!.value);
    const b = num('isclose', args[1]!.value);
    const rel = kw.has('rel_tol') ? num('isclose', kw.get('rel_tol')!.value) : 1e-9;
    const abs = kw.has('abs_tol') ? num('isclose', kw.get('abs_tol')!.value) : 0;
    if (rel < 0 || abs < 0) throw new PyError('YC2011', 'tolerances must be non-negative');
    if (a === b) return true;
    if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
    const d = Math.abs(b - a);
    return d <= Math.abs(rel * b) || d <= Math.abs(rel * a) || d <= abs;
  })],
]);

/** posixpath.join. */
function join(a: string, ...ps: string[]): string {
  let path = a;
  for (const b of ps) {
    if (b.startsWith('/')) path = b;
    else if (!path || path.endsWith('/')) path += b;
    else path += '/' + b;
  }
  return path;
}

function splitPath(p: string): [string, string] {
  const i = p.lastIndexOf('/') + 1;
  let head = p.slice(0, i);
  const tail = p.slice(i);
  if (head && head !== '/'.repeat(head.length)) head = head.replace(/\/+$/, '');
  return [head, tail];
}

function splitext(p: string): [string, string] {
  const sep = p.lastIndexOf('/');
  const dot = p.lastIndexOf('.');
  if (dot > sep) {
    for (let i = sep + 1; i < dot; i++) if (p[i] !== '.') return [p.slice(0, dot), p.slice(dot)];
  }
  return [p, ''];
}

function strs(name: string, args: Arg[]): string[] {
  return args.map((a) => str(name, a.value));
}

function pathFn(name: string, min: number, max: number, f: (xs: string[], rt: NativeRuntime) => Val): PyNative {
  return fn(`posixpath.${name}`, 'function', (args, kw, rt) => {
    want(name, args, kw, min, max);
    return f(strs(name, args), rt);
  });
}

/** os.path.exists and friends: the file system is never read; the config's own file is the
 *  one path known to exist (what MMEngine's tests ask about). */
function knownPath(name: string): PyNative {
  return pathFn(name, 1, 1, ([p], rt) => {
    if (p === rt.file && name !== 'isdir') return true;
    throw new PyError('YC2005', `os.path.${name}('${p}') would read the file system: configs are evaluated, never executed (only the config's own file is known to exist)`);
  });
}

const OS_PATH = new Map<string, Val>([
  ['sep', '/'],
  ['join', pathFn('join', 1, 1e9, ([a, ...ps]) => join(a!, ...ps))],
  ['basename', pathFn('basename', 1, 1, ([p]) => splitPath(p!)[1])],
  ['dirname', pathFn('dirname', 1, 1, ([p]) => splitPath(p!)[0])],
  ['split', pathFn('split', 1, 1, ([p]) => new PyTuple(splitPath(p!)))],
  ['splitext', pathFn('splitext', 1, 1, ([p]) => new PyTuple(splitext(p!)))],
  ['exists', knownPath('exists')],
  ['isfile', knownPath('isfile')],
  ['expanduser', pathFn('expanduser', 1, 1, ([p], rt) => {
    if (!p!.startsWith('~')) return p!;
    let i = p!.indexOf('/', 1);
    if (i < 0) i = p!.length;
    if (i !== 1) throw new PyError('YC2005', `os.path.expanduser('${p}') would read the user database: configs are evaluated, never executed`);
    const home = rt.env().HOME;
    if (home === undefined) throw new PyError('YC2005', "os.path.expanduser('~') needs HOME, which is not set");
    return (home.replace(/\/+$/, '') + p!.slice(i)) || '/';
  })],
]);

/** os.environ as a copy of the environment: reads see it, writes stay inside the evaluation. */
function environ(rt: NativeRuntime): PyDict {
  const d = new PyDict();
  for (const [k, v] of Object.entries(rt.env())) if (v !== undefined) d.set(k, v);
  return d;
}

const COPY = new Map<string, Val>([
  ['deepcopy', fn('copy.deepcopy', 'function', (args, kw) => (want('deepcopy', args, kw, 1, 2), deepCopyPy(asPy(args[0]!.value))))],
  ['copy', fn('copy.copy', 'function', (args, kw) => (want('copy', args, kw, 1, 1), shallowCopyPy(asPy(args[0]!.value))))],
]);

const partial = fn('functools.partial', 'type', (args, kw) => {
  if (!args.length) throw new PyError('YC2006', "type 'partial' takes at least one argument");
  const [f, ...bound] = args;
  return fn('functools.partial', 'builtin', (more, kw2, rt) => {
    const kws = new Map([...kw, ...kw2]);
    return rt.callValue(f!.value, [...bound, ...more], kws);
  });
});

const FUNCTOOLS = new Map<string, Val>([['partial', partial]]);

const ITERTOOLS = new Map<string, Val>([
  ['chain', fn('itertools.chain', 'type', (args, kw, rt) => {
    want('chain', args, kw, 0, 1e9);
    const parts = args.map((a) => materialize(a.value, rt).items);
    return iterOf('itertools.chain', () => parts.flat());
  })],
  ['product', fn('itertools.product', 'type', (args, kw, rt) => {
    want('product', args, kw, 0, 1e9);
    const pools = args.map((a) => materialize(a.value, rt).items);
    let out: Py[][] = [[]];
    for (const pool of pools) {
      out = out.flatMap((prefix) => pool.map((x) => [...prefix, x]));
      if (out.length > rt.limits.maxLength) throw new PyError('YC2904', 'product too large', true);
    }
    return iterOf('itertools.product', () => out.map((xs) => new PyTuple(xs)));
  })],
]);

/** The modules a config may import, by dotted name; members computed per evaluation. */
function moduleMembers(name: string, rt: NativeRuntime): Map<string, Val> | undefined {
  switch (name) {
    case 'copy': return COPY;
    case 'math': return MATH;
    case 'functools': return FUNCTOOLS;
    case 'itertools': return ITERTOOLS;
    case 'os.path':
    case 'posixpath': return OS_PATH;
    case 'os': {
      const os = new Map<string, Val>([['sep', '/'], ['path', new PyModule('posixpath', OS_PATH)]]);
      os.set('environ', environ(rt));
      os.set('getenv', fn('os.getenv', 'function', (args, kw) => {
        want('getenv', args, kw, 1, 2);
        return rt.env()[str('getenv', args[0]!.value)] ?? args[1]?.value ?? null;
      }));
      return os;
    }
  }
  return undefined;
}

/** The standard modules (and what of them) a config may use. */
export const SUPPORTED_STANDARD = 'copy (deepcopy, copy), math, os.path (join, basename, dirname, split, splitext, expanduser), os.environ, functools.partial, itertools (chain, product)';

/** A standard module known by name, or undefined when yoloc does not evaluate it. */
export function standardModule(name: string, rt: NativeRuntime): PyModule | undefined {
  const members = moduleMembers(name, rt);
  return members ? new PyModule(name === 'posixpath' ? 'posixpath' : name, members) : undefined;
}
