/**
 * Builds bench/onednn/onednn_conv.cc against Debian's libdnnl (`apt-get install -y libdnnl-dev`)
 * and our kernels (native/src, compiled with the addon's flags per SIMD tier) into
 * bench/onednn/build/onednn_conv: `node --import tsx bench/onednn/build.ts` prints its path.
 * A bench tool only: the addon never links oneDNN (docs/native-engine.md says why).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const here = import.meta.dirname;
const native = path.resolve(here, '../../native/src');
const out = path.join(here, 'build', 'onednn_conv');
const BASE = ['-O3', '-std=c++17', '-fno-trapping-math', '-pthread'];
const TIER: Record<string, string[]> = {
  avx2: ['-mavx2', '-mfma'],
  avx512: ['-mavx512f', '-mavx512bw', '-mavx512dq', '-mavx512vl', '-mfma', '-mprefer-vector-width=512'],
};
const OURS = ['conv.cc', 'depthwise.cc', 'pool.cc', 'scratch.cc', 'kernels_dispatch.cc', 'kernels_generic.cc', 'fused_generic.cc',
  'kernels_avx2.cc', 'fused_avx2.cc', 'kernels_avx512.cc', 'fused_avx512.cc'];

function run(args: string[]): void {
  const r = spawnSync('g++', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`g++ failed: ${(r.stderr ?? '').split('\n').slice(0, 5).join(' ')}`);
}

/** The harness binary, rebuilt when a source is newer; throws with the reason when it cannot be built. */
export function buildOnednnHarness(): string {
  if (!existsSync('/usr/include/oneapi/dnnl/dnnl.hpp')) throw new Error('oneDNN headers missing: apt-get install -y libdnnl-dev');
  const sources = [path.join(here, 'onednn_conv.cc'), ...readdirSync(native).map((f) => path.join(native, f))];
  if (existsSync(out) && sources.every((f) => statSync(f).mtimeMs <= statSync(out).mtimeMs)) return out;
  const obj = path.join(here, 'build', 'obj');
  mkdirSync(obj, { recursive: true });
  const objects = OURS.map((f) => {
    const o = path.join(obj, f.replace(/\.cc$/, '.o'));
    const tier = Object.keys(TIER).find((t) => f.includes(`_${t}`));
    run([...BASE, ...(tier ? TIER[tier]! : []), '-c', path.join(native, f), '-o', o]);
    return o;
  });
  run([...BASE, path.join(here, 'onednn_conv.cc'), ...objects, '-o', out, '-ldnnl']);
  return out;
}

if (process.argv[1] === import.meta.filename) console.log(buildOnednnHarness());
