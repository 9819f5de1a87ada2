#!/usr/bin/env node
// Runs every tests/**/*.test.ts with Node's own test runner (Node 20's --test does not expand
// globs itself). Extra arguments are passed to the runner; a path filter narrows the files:
//   node tests/run.mjs [--test-name-pattern=...] [tests/engine]
import { readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const dirs = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));

function walk(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (name === 'node_modules' || name === 'baselines' || name === 'fixtures') continue;
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(path.relative(root, p));
  }
  return out;
}

const files = (dirs.length ? dirs : ['tests']).flatMap((d) => {
  const abs = path.resolve(root, d);
  return statSync(abs).isDirectory() ? walk(abs, []) : [path.relative(root, abs)];
});
if (!files.length) {
  console.error('no test files found');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...flags, ...files], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
