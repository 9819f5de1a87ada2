#!/usr/bin/env node
// Builds bench/onednn/onednn_conv.cc against Debian's libdnnl (`apt-get install -y libdnnl-dev`)
// into bench/onednn/build/onednn_conv; prints the binary's path, or why it cannot be built.
// A bench tool only: the addon never links oneDNN (docs/native-engine.md says why).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

const here = import.meta.dirname;
const src = path.join(here, 'onednn_conv.cc');
const out = path.join(here, 'build', 'onednn_conv');

/** The harness binary, rebuilt when the source is newer; throws with the reason when it cannot. */
export function buildOnednnHarness() {
  if (!existsSync('/usr/include/oneapi/dnnl/dnnl.hpp')) throw new Error('oneDNN headers missing: apt-get install -y libdnnl-dev');
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(src).mtimeMs) return out;
  mkdirSync(path.dirname(out), { recursive: true });
  const r = spawnSync('g++', ['-O2', '-std=c++17', src, '-o', out, '-ldnnl'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`g++ failed: ${(r.stderr ?? '').split('\n').slice(0, 5).join(' ')}`);
  return out;
}

if (process.argv[1] === import.meta.filename) console.log(buildOnednnHarness());
