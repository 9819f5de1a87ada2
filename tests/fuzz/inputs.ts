/**
 * Fuzz inputs for the front end: structure-aware mutations of the bundled configs, synthetic
 * `_base_` graphs (chains, cycles, diamonds, mixed formats), hostile constructs (deep nesting,
 * huge literals, odd unicode, unterminated strings, 10 MB lines, dunder and import tricks,
 * `{{_base_.x}}`/`{{$ENV:d}}` substitutions), --cfg-options strings and random bytes.
 * Every case is a pure function of (seed, index), so a crash reproduces from two numbers.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/paths.js';

/** One input: files to write under a fresh folder, the file to check, options. */
export interface FuzzCase {
  kind: string;
  /** Relative path -> content (string: UTF-8 text; number[]: raw bytes). */
  files: Record<string, string | number[]>;
  main: string;
  cfgOptions: string[];
  env: Record<string, string>;
}

/** The bundled configs, relative to configs/ (read once; the harness copies them). */
export const REAL_CONFIGS: Record<string, string> = (() => {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(py|json|ya?ml)$/.test(name)) out[path.relative(ROOT, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(path.join(ROOT, 'configs'));
  return out;
})();
const REAL_MAINS = Object.keys(REAL_CONFIGS).filter((p) => !p.includes('_base_'));

const TEN_MB = 10 * 1024 * 1024;
const nest = (n: number, o = '[', c = ']'): string => o.repeat(n) + c.repeat(n);

/** Snippets MMYOLO-style configs and attackers write; each is inserted as or into a statement. */
const SNIPPETS: string[] = [
  `x_fuzz = ${nest(10)}`, `x_fuzz = ${nest(199)}`, `x_fuzz = ${nest(201)}`, `x_fuzz = ${nest(5000)}`,
  `x_fuzz = ${nest(300, 'dict(a=', ')')}`, `x_fuzz = ${'-'.repeat(3000)}1`, `x_fuzz = ${'not '.repeat(3000)}1`,
  'x_fuzz = 10**100000', 'x_fuzz = 2**(10**9)', 'x_fuzz = 1 << 10**9', 'x_fuzz = 1e309', 'x_fuzz = -1e309 * 0',
  `x_fuzz = ${'9'.repeat(5000)}`, `x_fuzz = 0x${'f'.repeat(3000)}`, `x_fuzz = ${'9'.repeat(400)}.5e-999`, 'x_fuzz = 1_000_',
  "x_fuzz = '\u202e\u200b\ud83d\ude00\ufeff\u0000'", "x_fuzz = '\ud800'", 'x_fu\u00dfzz = 1', 'x\u0301 = 2', '\u00e9t\u00e9 = 3',
  "x_fuzz = 'abc", 'x_fuzz = """abc', "x_fuzz = f'{", 'x_fuzz = (', 'x_fuzz = [1, 2', "x_fuzz = b'\\xff'", "x_fuzz = '\\N{BOGUS}'",
  "x_fuzz = ().__class__.__bases__[0].__subclasses__()", "x_fuzz = __import__('os').system('true')", 'import os',
  'from os import *', "x_fuzz = getattr(dict, '__init__')", 'x_fuzz = _base_.__class__', 'x_fuzz = type(1)', 'x_fuzz = vars()',
  'x_fuzz = [c for c in ().__class__.__mro__]', "exec('import os')", 'x_fuzz = {}.get.__self__', 'x_fuzz = dict.__dict__',
  'x_fuzz = lambda: 1', 'def f(): pass', 'class A: pass', 'while True: pass', 'x_fuzz = globals()', 'x_fuzz = open("/etc/passwd")',
  'x_fuzz = {{_base_.model}}', 'x_fuzz = {{_base_.model.backbone.deepen_factor}}', "x_fuzz = '{{_base_.x}}'", 'x_fuzz = {{_base_.',
  'x_fuzz = {{$HOME:1}}', "x_fuzz = '{{$FUZZ_VAR:default}}'", 'x_fuzz = {{ $NO_SUCH_VAR_FUZZ : 3 }}', 'x_fuzz = {{$A:{{$B:1}}}}',
  'x_fuzz = {{$NO_SUCH_VAR_FUZZ:}}', 'x_fuzz = [i for i in range(10**9)]', 'x_fuzz = [[j for j in range(10**4)] for i in range(10**4)]',
  "x_fuzz = 'x' * 10**9", 'x_fuzz = [[0] * 1000] * 1000', 'x_fuzz = {i: i for i in range(10**7)}', 'x_fuzz = sum(range(10**12))',
  "x_fuzz = '{:>999999999}'.format(1)", "x_fuzz = f'{1:{10**9}}'", 'x_fuzz = str([[1] * 1000] * 1000)',
  '_base_.model.backbone.deepen_factor = 99', '_base_.x_fuzz = _base_', '_base_.model = None', 'del _base_.model',
  "_base_ = 'nope.py'", "_base_ = ['a.py', 1]", "_base_ = 'mmdet::x.py'", "_base_ = '/dev/zero'",
  'a_fuzz = []\na_fuzz.append(a_fuzz)', "d_fuzz = dict()\nd_fuzz['x'] = d_fuzz", 'model = dict(_delete_=True)',
  'model = dict(backbone=dict(_delete_=True, type="Nope"))', 'model = 1', 'train_dataloader = None', 'filename = 1',
  'img_scale = (-1, 10**30)', 'img_scale = (0, 0)', 'num_classes = -5', 'deepen_factor = float("nan")', 'widen_factor = 0.0',
  'model = dict(backbone=dict(out_indices=(9, 9, 9)))', 'strides = [0, 0, 0]', 'max_epochs = 10**20', '\tx_fuzz = 1', '  y_fuzz = 2',
  'if True:\n    x_fuzz = 1\nelse:\n  x_fuzz = 2', 'x_fuzz = 1 if _base_ else 2', 'x_fuzz, y_fuzz = 1', '*x_fuzz, = range(10**8)',
];

/** --cfg-options strings, both valid and malformed. */
const CFG_OPTIONS: string[] = [
  'model.backbone.deepen_factor=0.5', 'train_dataloader.batch_size=2', 'model.bbox_head.head_module.num_classes=3',
  'a.b.c.d.e.f.g=1', 'model=1', 'model.backbone=[1,2,(3,4)]', 'x=[[[[[[[[[[1]]]]]]]]]]', 'x=' + nest(5000),
  'x=(1,2', 'x="abc', '=1', 'noequals', 'model.backbone.type=\u202e', 'train_pipeline.9999.type=X', 'train_pipeline.0.x=1',
  'train_pipeline.-1.x=1', 'x.0=1', 'model..x=1', `x=${'a'.repeat(100_000)}`, 'x=None', 'x=True', 'x=1e309', 'x=0x10',
  'env_cfg.cudnn_benchmark=False', 'default_hooks.checkpoint.interval=0', '__class__=1', '_base_=x.py',
];

const textArb = fc.string({ unit: 'binary', maxLength: 80 });

/** A structure-aware edit of a config text. */
type Edit = { op: number; at: number; len: number; pick: number; txt: string };
const editArb: fc.Arbitrary<Edit> = fc.record({
  op: fc.nat(9), at: fc.nat(), len: fc.nat(400), pick: fc.nat(), txt: textArb,
});

function applyEdit(text: string, e: Edit): string {
  const at = text.length ? e.at % (text.length + 1) : 0;
  const lines = text.split('\n');
  const li = e.at % lines.length;
  switch (e.op) {
    case 0: return text.slice(0, at) + text.slice(at + e.len); // delete a span
    case 1: return text.slice(0, at) + text.slice(at, at + e.len) + text.slice(at); // duplicate a span
    case 2: return text.slice(0, at) + e.txt + text.slice(at); // random text
    case 3: { // a hostile statement at a line boundary
      lines.splice(li, 0, SNIPPETS[e.pick % SNIPPETS.length]!);
      return lines.join('\n');
    }
    case 4: { // swap two lines
      const lj = e.pick % lines.length;
      [lines[li], lines[lj]] = [lines[lj]!, lines[li]!];
      return lines.join('\n');
    }
    case 5: return text.slice(0, at); // truncate (unterminated brackets and strings)
    case 6: { // replace a number with a huge or odd literal
      const odd = ['10**100000', '1e309', '-0.0', '0', '-1', '9'.repeat(400), 'None', "'1'", '[]', 'dict()', '(1,)', 'float("inf")'];
      let n = 0;
      return text.replace(/\b\d+(\.\d+)?\b/g, (m) => (n++ === e.pick % 50 ? odd[e.len % odd.length]! : m));
    }
    case 7: { // replace a string literal's content
      let n = 0;
      return text.replace(/'([^'\n]*)'/g, (m) => (n++ === e.pick % 40 ? `'${e.txt.replace(/['\\\n]/g, '')}'` : m));
    }
    case 8: { // replace an expression after '=' with a hostile expression
      const rhs = SNIPPETS[e.pick % SNIPPETS.length]!.split('=').slice(1).join('=') || 'None';
      lines[li] = lines[li]!.replace(/=.*$/, '=' + rhs);
      return lines.join('\n');
    }
    default: { // wrap a line in brackets deeply
      lines[li] = lines[li]!.replace(/=(.*)$/, (_m, r: string) => '=' + '['.repeat(e.len % 260) + r + ']'.repeat(e.len % 260));
      return lines.join('\n');
    }
  }
}

const optionsArb = fc.array(fc.oneof(fc.constantFrom(...CFG_OPTIONS), fc.tuple(fc.constantFrom(...CFG_OPTIONS), textArb).map(([a, b]) => a + b)), { maxLength: 3 });
const envArb = fc.constantFrom<Record<string, string>>({}, { FUZZ_VAR: 'v' }, { FUZZ_VAR: '{{$FUZZ_VAR:x}}' }, { FUZZ_VAR: "'; import os; '" }, { A: '1', B: '2' });

/** Mutations of a bundled config, checked where it lives (so its real bases resolve). */
const mutatedReal: fc.Arbitrary<FuzzCase> = fc.record({
  main: fc.constantFrom(...REAL_MAINS), edits: fc.array(editArb, { minLength: 1, maxLength: 6 }),
  cfgOptions: optionsArb, env: envArb, mutateBase: fc.boolean(), baseEdits: fc.array(editArb, { maxLength: 3 }),
}).map(({ main, edits, cfgOptions, env, mutateBase, baseEdits }) => {
  const files: Record<string, string> = { [main]: edits.reduce(applyEdit, REAL_CONFIGS[main]!) };
  if (mutateBase) {
    const base = 'configs/_base_/default_runtime.py';
    files[base] = baseEdits.reduce(applyEdit, REAL_CONFIGS[base]!);
  }
  return { kind: 'mutated-config', files, main, cfgOptions, env };
});

const EXT = ['.py', '.py', '.json', '.yaml'];
function fileText(ext: string, bases: string[], keys: [string, number][]): string {
  if (ext === '.json') return JSON.stringify({ ...(bases.length ? { _base_: bases } : {}), ...Object.fromEntries(keys.map(([k, v]) => [k, { v, w: [v] }])) });
  if (ext === '.yaml') return (bases.length ? `_base_: [${bases.map((b) => JSON.stringify(b)).join(', ')}]\n` : '') + keys.map(([k, v]) => `${k}:\n  v: ${v}\n  w: [${v}]\n`).join('');
  return (bases.length ? `_base_ = [${bases.map((b) => `'${b}'`).join(', ')}]\n` : '') + keys.map(([k, v]) => `${k} = dict(v=${v}, w=[${v}])\n`).join('');
}

/** Synthetic `_base_` graphs: chains, cycles, diamonds, missing bases, mixed formats. */
const baseGraph: fc.Arbitrary<FuzzCase> = fc.record({
  n: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 60, max: 90 })),
  shape: fc.constantFrom('chain', 'random', 'diamond', 'cycle'),
  links: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 12 }),
  exts: fc.array(fc.nat(3), { minLength: 100, maxLength: 100 }),
  keys: fc.array(fc.tuple(fc.constantFrom('a', 'b', 'model', 'x', '_delete_', 'k'), fc.integer({ min: -3, max: 3 })), { maxLength: 4 }),
  extra: fc.option(fc.constantFrom(...SNIPPETS)), cfgOptions: optionsArb, env: envArb,
}).map(({ n, shape, links, exts, keys, extra, cfgOptions, env }) => {
  const name = (i: number): string => `b${i}${EXT[exts[i % 100]!]!}`;
  const bases: string[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i + 1 < n; i++) {
    if (shape === 'chain' || shape === 'cycle') bases[i]!.push(name(i + 1));
    if (shape === 'diamond') bases[i]!.push(name(i + 1), name(i + 1));
  }
  if (shape === 'cycle') bases[n - 1]!.push(name((links[0]?.[0] ?? 0) % n));
  for (const [a, b] of links) bases[a % n]!.push(b % 7 === 6 ? 'missing.py' : name(b % n));
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const ext = EXT[exts[i % 100]!]!;
    const ks = keys.map(([k, v]) => [`${k}${(i + v) % 3 === 0 ? '' : i}`, v] as [string, number]);
    files[name(i)] = fileText(ext, bases[i]!, ks) + (extra && ext === '.py' && i === n - 1 ? extra + '\n' : '');
  }
  return { kind: `bases-${shape}`, files, main: name(0), cfgOptions, env };
});

/** Hostile constructs alone, in a small config with one base. */
const hostile: fc.Arbitrary<FuzzCase> = fc.record({
  snippets: fc.array(fc.constantFrom(...SNIPPETS), { minLength: 1, maxLength: 4 }), cfgOptions: optionsArb, env: envArb,
}).map(({ snippets, cfgOptions, env }) => ({
  kind: 'hostile',
  files: { 'base.py': 'model = dict(backbone=dict(deepen_factor=0.33), x=[1, 2])\nx = 1\n', 'main.py': "_base_ = './base.py'\n" + snippets.join('\n') + '\n' },
  main: 'main.py', cfgOptions, env,
}));

/** 10 MB lines: just under the limit (a comment or string) and just over it. */
const hugeLine: fc.Arbitrary<FuzzCase> = fc.record({ over: fc.boolean(), kind: fc.constantFrom('comment', 'string', 'number', 'json') })
  .map(({ over, kind }) => {
    const n = TEN_MB - 64 + (over ? 128 : 0);
    const text = kind === 'comment' ? `x = 1  #${'c'.repeat(n)}\n` : kind === 'string' ? `x = '${'s'.repeat(n)}'\n` : kind === 'number' ? `x = ${'7'.repeat(n)}\n` : `{"x": "${'j'.repeat(n)}"}`;
    const main = kind === 'json' ? 'main.json' : 'main.py';
    return { kind: `huge-${kind}`, files: { [main]: text }, main, cfgOptions: [], env: {} };
  });

/** Random bytes (and random text) under each config extension. */
const randomBytes: fc.Arbitrary<FuzzCase> = fc.record({
  bytes: fc.oneof(fc.uint8Array({ maxLength: 2000 }).map((b) => [...b]), textArb.map((t) => t)),
  ext: fc.constantFrom('.py', '.json', '.yaml', '.yml'),
}).map(({ bytes, ext }) => ({ kind: `random${ext}`, files: { [`main${ext}`]: bytes }, main: `main${ext}`, cfgOptions: [], env: {} }));

/** All kinds but 10 MB lines, weighted toward the structure-aware ones. */
export const caseArb: fc.Arbitrary<FuzzCase> = fc.oneof(
  { arbitrary: mutatedReal, weight: 10 },
  { arbitrary: baseGraph, weight: 4 },
  { arbitrary: hostile, weight: 4 },
  { arbitrary: randomBytes, weight: 3 },
);

/** The case for (seed, index): the same two numbers always give the same input. */
export function caseAt(seed: number, index: number): FuzzCase {
  // 10 MB lines cost a few hundred ms each: one case in 200.
  const arb = index % 200 === 199 ? hugeLine : caseArb;
  return fc.sample(arb, { seed: (seed * 1_000_003 + index) | 0, numRuns: 1 })[0]!;
}
