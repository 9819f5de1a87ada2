/**
 * Syntax errors as CPython 3.11 reports them (issue 19 item 6). Each tests/baselines/syntax/<case>.py
 * holds one common mistake; <case>.errors.txt starts with CPython's line:col and message for that
 * file (`# cpython: ...`), then yoloc's diagnostics rendered as text. yoloc's first diagnostic must
 * be at CPython's line with CPython's message (and column, except where noted); where python3 is
 * installed, the stored CPython line is checked against python3 itself. UPDATE_BASELINES=1
 * rewrites the references (the CPython line from python3 when it is there, else kept).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderText } from '../../../compiler/diagnostics/render.js';
import { resolveConfig } from '../../../compiler/resolve.js';
import { ROOT } from '../../helpers/paths.js';

const DIR = path.join(ROOT, 'tests/baselines/syntax');
const cases = readdirSync(DIR).filter((f) => f.endsWith('.py')).sort();
const update = process.env.UPDATE_BASELINES === '1';
/** CPython 3.11 puts "unexpected indent" at the indentation's last column; yoloc underlines all of it from column 1. */
const COLUMN_DIFFERS = new Set(['unexpected_indent.py']);

/** `compile()` of every case in one python3 run: file -> "line:col message", or null without python3. */
function cpython(): Map<string, string> | null {
  const script = [
    'import sys',
    'for f in sys.argv[1:]:',
    '    try:',
    '        compile(open(f, encoding="utf-8").read(), f, "exec"); print("OK")',
    '    except SyntaxError as e:',
    '        print(f"{e.lineno}:{e.offset} {e.msg}")',
  ].join('\n');
  const r = spawnSync('python3', ['-c', script, ...cases.map((c) => path.join(DIR, c))], { encoding: 'utf8', timeout: 20_000 });
  if (r.error || r.status !== 0) return null;
  const v = /^Python 3\.(\d+)/.exec(spawnSync('python3', ['--version'], { encoding: 'utf8' }).stdout)?.[1];
  // Messages are 3.11's; other versions word some of them differently.
  if (v !== '11') return null;
  const lines = r.stdout.trimEnd().split('\n');
  return new Map(cases.map((c, i) => [c, lines[i]!]));
}

const python = cpython();

for (const c of cases) {
  test(`syntax baseline ${c}`, () => {
    const file = path.join(DIR, c);
    const r = resolveConfig(file);
    const rendered = renderText(r.diagnostics, { cwd: DIR }) + '\n';
    const ref = path.join(DIR, c.replace(/\.py$/, '.errors.txt'));
    const stored = existsSync(ref) ? /^# cpython: (.*)\n/.exec(readFileSync(ref, 'utf8'))?.[1] : undefined;
    const expected = python?.get(c) ?? stored;
    assert.ok(expected, `no CPython reference for ${c}: run with UPDATE_BASELINES=1 where python3.11 is installed`);
    if (python && stored && !update) assert.equal(stored, python.get(c), `${c}: stored CPython line differs from python3's`);
    const m = /^(\d+):(\d+) (.*)$/.exec(expected)!;
    assert.ok(m, `${c}: CPython accepted the file`);
    const first = r.diagnostics.find((d) => /^YC1/.test(d.code));
    assert.ok(first?.span, `${c}: no syntax diagnostic`);
    assert.equal(first.span.line, Number(m[1]), `${c}: line`);
    if (!COLUMN_DIFFERS.has(c)) assert.equal(first.span.col, Number(m[2]), `${c}: column`);
    assert.equal(first.message, m[3], `${c}: message`);
    const text = `# cpython: ${expected}\n${rendered}`;
    if (update) {
      writeFileSync(ref + '.tmp', text);
      renameSync(ref + '.tmp', ref);
      return;
    }
    assert.equal(text, readFileSync(ref, 'utf8'));
  });
}
