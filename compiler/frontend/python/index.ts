/**
 * The Python config front end: reads MMEngine-style config modules without executing them.
 * `readBases` finds `_base_` statically; `evaluatePython` evaluates the safe subset of Python
 * configs use (literals, arithmetic, containers, comprehensions, a few builtins and methods,
 * reads and in-place writes of `_base_`) and reports everything else as a diagnostic.
 */
import { LineMap, type Diagnostic, type PhaseResult, type Span } from '../../diagnostics/types.js';
import { PyDict, PyList, PyTuple, type Py } from '../values.js';
import { Abort, Evaluator, Fatal, UNKNOWN } from './evaluator.js';
import { decodeString } from './literals.js';
import { PyError, PyFunction, PyModule, PyNative, isPy, typeName, withMeter } from './objects.js';
import { boundNames, runBody, runStatement } from './statements.js';
import { parseModule, type ParsedModule } from './syntax.js';
import { isExpr, kids } from './tree.js';

export interface EvalOptions {
  /** The merged bases, bound to the name `_base_` (reads `_base_.a.b[0]`; writes
   *  `_base_.model.neck.widen_factor = 1.0` / `_base_.test_pipeline[-2] = ...` mutate it in
   *  place, as MMEngine's exec does on its ConfigDict). */
  base?: PyDict;
  /** Protective limits (defaults: 1e6 evaluation steps, nesting depth 200, 10 MB source;
   *  results of at most 1e7 items or characters, ints of at most 100 000 bits, a config of at
   *  most 1e6 values once written out, nested at most maxDepth deep). */
  limits?: { maxSteps?: number; maxDepth?: number; maxSourceBytes?: number; maxLength?: number; maxIntBits?: number; maxValues?: number };
  /** The environment `os.environ` and `os.path.expanduser` read (default: none set). */
  env?: Record<string, string | undefined>;
  /** Told when the config reads the environment (the resolver does not cache such a load). */
  onEnv?: () => void;
}

/** Default protective limits. */
export const DEFAULT_LIMITS = {
  maxSteps: 1_000_000,
  maxDepth: 200,
  maxSourceBytes: 10 * 1024 * 1024,
  maxLength: 10_000_000,
  maxIntBits: 100_000,
  maxValues: 1_000_000,
};

/** Counts the values `v` expands to (each shared container counted every time, strings by
 *  their length), up to `cap`; also the written-out values and the deepest nesting, because
 *  later phases walk every value with its path (cost grows with count times depth). */
function expandedSize(v: Py, count: number, cap: number, values = { n: 0, depth: 0 }, depthCap = Infinity): number {
  const stack: [Py, number][] = [[v, 1]];
  // Depth first, so a value that contains itself (`a.append(a)`) stops at depthCap at once.
  while (stack.length && count <= cap && values.depth <= depthCap) {
    const [x, d] = stack.pop()!;
    count += typeof x === 'string' ? Math.max(1, x.length) : 1;
    values.n++;
    if (d > values.depth) values.depth = d;
    if (x instanceof PyList || x instanceof PyTuple) for (const y of x.items) stack.push([y, d + 1]);
    else if (x instanceof PyDict) for (const y of x.map.values()) stack.push([y, d + 1]);
  }
  return count;
}

function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.map((d, i) => ({ d, i }))
    .sort((a, b) => (a.d.span?.start ?? 0) - (b.d.span?.start ?? 0) || a.i - b.i)
    .map((x) => x.d);
}

/** Reads `_base_ = 'x.py'` / `_base_ = ['a.py', ...]` statically (string literals only). */
export function readBases(text: string, file: string): PhaseResult<{ bases: { path: string; span: Span }[] }> {
  const bases: { path: string; span: Span }[] = [];
  const diagnostics: Diagnostic[] = [];
  if (Buffer.byteLength(text) > DEFAULT_LIMITS.maxSourceBytes) return { value: { bases }, diagnostics };
  const mod = parseModule(text, file, DEFAULT_LIMITS.maxDepth);
  // Too deep or syntax errors: evaluatePython reports them; there are no readable bases.
  if ('tooDeepAt' in mod) return { value: { bases }, diagnostics };
  const src = { text: (n: { from: number; to: number }) => text.slice(n.from, n.to) };
  // `_base_ = 'a.py'; x = 1` puts the assignment inside a statement group.
  const flat = mod.statements.flatMap((s) => (s.name === 'StatementGroup' ? kids(s).map((c) => ({ c, top: s })) : [{ c: s, top: s }]));
  const found = flat.find(({ c: s }) => {
    if (s.name !== 'AssignStatement') return false;
    const first = kids(s)[0];
    return first?.name === 'VariableName' && src.text(first) === '_base_' && kids(s)[1]?.name === 'AssignOp';
  });
  if (!found || mod.broken.has(found.top.from)) return { value: { bases }, diagnostics };
  const stmt = found.c;
  const cs = kids(stmt);
  const values = cs.slice(2);
  const bad = (at: { from: number; to: number }, why: string): void => {
    diagnostics.push({ code: 'YC3007', severity: 'error', message: `malformed _base_: ${why}`, span: mod.lines.span(at.from, at.to) });
  };
  const one = (n: (typeof values)[number]): void => {
    if (n.name !== 'String' && n.name !== 'ContinuedString') return bad(n, 'each base must be a string literal');
    try {
      const path = n.name === 'String' ? decodeString(src.text(n)) : kids(n).map((p) => {
        if (p.name !== 'String') throw new PyError('YC3007', 'f-strings are not allowed in _base_');
        return decodeString(src.text(p));
      }).join('');
      bases.push({ path, span: mod.lines.span(n.from, n.to) });
    } catch (e) {
      if (!(e instanceof PyError)) throw e;
      bad(n, e.message);
    }
  };
  if (values.length > 1 || cs.some((c) => c.name === 'AssignOp' && c !== cs[1])) {
    bad(stmt, "must be a string or a list of strings (`_base_ = ['a.py', 'b.py']`)");
  } else if (values[0]!.name === 'ArrayExpression' || values[0]!.name === 'TupleExpression') {
    for (const item of kids(values[0]!)) {
      if (item.name === '*') bad(item, 'unpacking is not allowed in _base_');
      else if (isExpr(item)) one(item);
    }
  } else one(values[0]!);
  return { value: { bases }, diagnostics };
}

/** A module evaluated but not yet turned into config data (shared by both styles). */
interface ModuleRun {
  ev: Evaluator;
  fatal: boolean;
  diagnostics: Diagnostic[];
}

/** Parses and runs a module; `setup` prepares the evaluator (style, pre-bound names). */
function runModule(text: string, file: string, opts: EvalOptions, setup?: (ev: Evaluator, mod: ParsedModule) => void): ModuleRun | PhaseResult<null> {
  const lim = { ...DEFAULT_LIMITS, ...Object.fromEntries(Object.entries(opts.limits ?? {}).filter(([, v]) => v !== undefined)) };
  const fileSpan = (start: number, end: number): Span => ({ file, start, end, line: 1, col: 1 });
  const bytes = Buffer.byteLength(text);
  if (bytes > lim.maxSourceBytes) {
    return { value: null, diagnostics: [{ code: 'YC2903', severity: 'error', message: `source is ${bytes} bytes, over the limit of ${lim.maxSourceBytes}`, span: fileSpan(0, 0) }] };
  }
  const mod = parseModule(text, file, lim.maxDepth);
  if ('tooDeepAt' in mod) {
    const map = new LineMap(file, text);
    return {
      value: null,
      diagnostics: [{ code: 'YC2902', severity: 'error', message: `nesting deeper than ${lim.maxDepth} levels (brackets or prefix operators)`, span: map.span(mod.tooDeepAt, mod.tooDeepAt + 1) }],
    };
  }
  const ev = new Evaluator(text, mod.lines, opts.base ?? new PyDict(), lim);
  ev.file = file;
  ev.envVars = opts.env ?? {};
  ev.onEnv = opts.onEnv;
  ev.runBody = (b) => runBody(ev, b);
  const spans = ev.nameSpans;
  let fatal = false;
  withMeter(() => ev.tick(), lim.maxLength, () => {
  try {
    setup?.(ev, mod);
  } catch (e) {
    if (e instanceof Fatal) fatal = true;
    else if (!(e instanceof Abort)) throw e;
  }
  if (fatal || ev.diagnostics.length) return;
  for (const stmt of mod.statements) {
    if (mod.broken.has(stmt.from)) {
      for (const name of boundNames(ev, stmt)) if (name !== '_base_') ev.globals.set(name, UNKNOWN);
      continue;
    }
    try {
      runStatement(ev, stmt, spans);
    } catch (e) {
      if (e instanceof Fatal) {
        fatal = true;
        break;
      }
      if (e instanceof Abort) continue;
      // A JS engine limit we did not foresee (string or array length, stack): report it on the
      // statement instead of crashing the compiler.
      if (e instanceof RangeError) {
        const stack = /call stack/i.test(e.message);
        ev.report(stack ? 'YC2902' : 'YC2904', stack ? 'expression too deeply nested to evaluate' : `result too large: ${e.message}`, stmt);
        fatal = true;
        break;
      }
      throw e;
    }
  }
  });
  return { ev, fatal, diagnostics: [...mod.diagnostics, ...ev.diagnostics] };
}

/** Checks the size of what a module's globals expand to, then stores them in `out`. */
function collect(ev: Evaluator, entries: [string, Py][], diagnostics: Diagnostic[]): PyDict | null {
  const lim = ev.lim;
  const spans = ev.nameSpans;
  const out = new PyDict();
  let expanded = 0;
  const values = { n: 0, depth: 0 };
  for (const [name, v] of entries) {
    // Shared references can make a small value expand enormously once written out as JSON.
    expanded = expandedSize(v, expanded, lim.maxLength as number, values, (lim.maxDepth as number) + 1);
    if (expanded > (lim.maxLength as number) || values.n > (lim as typeof DEFAULT_LIMITS).maxValues) {
      const what = expanded > (lim.maxLength as number) ? `${lim.maxLength} values or characters` : `${(lim as typeof DEFAULT_LIMITS).maxValues} values`;
      diagnostics.push({ code: 'YC2904', severity: 'error', message: `the config expands to more than ${what} once shared lists and dicts are written out ('${name}')`, span: spans.get(name) });
      return null;
    }
    // Nesting built up through names (`a1 = [a0]`, `a2 = [a1]`, ...) is not syntactic nesting.
    if (values.depth > lim.maxDepth + 1) {
      diagnostics.push({ code: 'YC2902', severity: 'error', message: `'${name}' nests lists and dicts deeper than ${lim.maxDepth} levels (or contains itself)`, span: spans.get(name) });
      return null;
    }
    out.set(name, v, spans.get(name));
  }
  return out;
}

/** Evaluates a classic config module: its global names (minus `_base_` and `__dunder`-prefixed
 *  names, which MMEngine drops, and functions and modules, which its _file2dict drops) in
 *  assignment order, each with the span of the value assigned. The value is null only when a
 *  limit stopped evaluation (or the source could not be read); with ordinary errors it holds
 *  every name that evaluated cleanly. */
export function evaluatePython(text: string, file: string, opts: EvalOptions = {}): PhaseResult<PyDict | null> {
  const run = runModule(text, file, opts);
  if (!('ev' in run)) return run;
  const { ev, diagnostics } = run;
  if (run.fatal) return { value: null, diagnostics: sortDiagnostics(diagnostics) };
  const entries: [string, Py][] = [];
  for (const [name, v] of ev.globals) {
    if (name.startsWith('__') || v === UNKNOWN) continue;
    // MMEngine's _file2dict drops FunctionType and ModuleType values; builtin functions and
    // classes stay and make the config impossible to dump.
    if (v instanceof PyFunction || v instanceof PyModule || (v instanceof PyNative && v.kind === 'function')) continue;
    if (!isPy(v)) {
      diagnostics.push({ code: 'YC2013', severity: 'error', message: `'${name}' holds a '${typeName(v)}' object, which cannot be stored in a config${v instanceof PyNative ? ' (MMEngine keeps it, and cannot dump the config)' : '; wrap it in list(...)'}`, span: ev.nameSpans.get(name) });
      continue;
    }
    entries.push([name, v]);
  }
  const out = collect(ev, entries, diagnostics);
  return { value: out, diagnostics: sortDiagnostics(diagnostics) };
}

export { configStyle, readBaseImports, evaluatePure, pureToDict, type PureModule, type BaseImport } from './pure.js';
export { runModule, collect, sortDiagnostics };
