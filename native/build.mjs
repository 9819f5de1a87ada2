#!/usr/bin/env node
// Builds the native engine (node-gyp, against the local Node headers: no download). Run by
// `npm install` (package.json "install"): it NEVER fails the install. If the build fails, it
// prints one line and yoloc runs on wasm. `--verbose` shows the compiler output; `--strict`
// exits 1 on failure (CI, `npm run build:native`).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const verbose = process.argv.includes('--verbose');
const strict = process.argv.includes('--strict');

function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.resolve(path.dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
    path.resolve(here, '../node_modules/node-gyp/bin/node-gyp.js'),
  ];
  return candidates.find((p) => p && existsSync(p));
}

function findNodeDir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return existsSync(path.join(prefix, 'include/node/node_api.h')) ? prefix : undefined;
}

function unavailable(why) {
  console.log(`yoloc: native engine unavailable (${why}); yoloc will use the wasm backend.`);
  process.exit(strict ? 1 : 0);
}

if (process.env.YOLOC_SKIP_NATIVE_BUILD === '1') unavailable('YOLOC_SKIP_NATIVE_BUILD=1');
const gyp = findNodeGyp();
if (!gyp) unavailable('node-gyp not found');
const nodedir = findNodeDir();
const args = [gyp, 'rebuild', '-C', here, '-j', 'max'];
if (nodedir) args.push(`--nodedir=${nodedir}`);
const res = spawnSync(process.execPath, args, { stdio: verbose ? 'inherit' : 'pipe', encoding: 'utf8' });
if (res.status !== 0) {
  // One line: the first error the compiler or make printed (run `npm run build:native` for all).
  const err = (res.stderr ?? '').split('\n').find((l) => /error/i.test(l) && !l.startsWith('gyp info'));
  unavailable(`the build failed${nodedir ? '' : ', no local Node headers'}${err ? `: ${err.trim()}` : ''}`);
}
if (!existsSync(path.join(here, 'build/Release/yoloc_native.node'))) unavailable('no addon after the build');
console.log('yoloc: native engine built (native/build/Release/yoloc_native.node)');
