/** `yoloc bench CONFIG --mode forward|train --batch B --size S`: median step time, in-process. */
import { UsageError, parseCommandArgs, usageError, backendFlag } from './common.js';
import { helpText } from './commands.js';
import { expandCfgOptions, loadCheckedConfig, parseScopes } from './config.js';
import { sizeProblem } from './summary.js';

const USAGE = helpText('bench', `usage: yoloc bench CONFIG [options]

Times N steps after a warm-up on random input (train: random boxes, the real loss and SGD step)
and prints the median step time and the backend.

options:
  --mode forward|train   (default forward)
  --batch B              batch size (default 1)
  --size S               square input size in pixels, a multiple of the largest stride (default 640)
  --steps N              timed steps (default 5)
  --warmup N             untimed steps first (default 1)
  --backend NAME         tensorflow | webgpu | native | wasm | cpu (default: the best that loads)
  --engine E[,E]         tfjs (default) and/or onnxruntime (forward only: the model exported to
                         ONNX and run by onnxruntime-node); 'tfjs,onnxruntime' times both, one
                         line each, in the same run
  --profile              time one more step per kernel (where the time goes; top 20 in text): tfjs
                         kernels and the ops of a native inference plan ('plan: ...'); with
                         onnxruntime, its own profiler's node times of one run
  --format text|json     json: {"median_s": .., "backend": .., ...}
  --cfg-options K=V ...  overrides, MMEngine syntax: a.b=1 a.b=[1,2] a.b=(1,2)`);

function int(v: string | undefined, name: string, dflt: number, min = 1): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`${name} takes an integer >= ${min}, not '${v}'`);
  return Number(v);
}

/** Runs `yoloc bench`. */
export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(expandCfgOptions(argv), {
    mode: { type: 'string', default: 'forward' }, batch: { type: 'string' }, size: { type: 'string' }, steps: { type: 'string' },
    warmup: { type: 'string' }, backend: { type: 'string' }, engine: { type: 'string', default: 'tfjs' }, format: { type: 'string', default: 'text' }, profile: { type: 'boolean', default: false },
    'cfg-options': { type: 'string', multiple: true }, scope: { type: 'string', multiple: true },
  }, USAGE);
  if (!args) return 0;
  const { values, positionals } = args;
  backendFlag(values.backend);
  if (positionals.length !== 1) throw usageError(`expected one CONFIG, got ${positionals.length}`, USAGE);
  if (values.mode !== 'forward' && values.mode !== 'train') throw new UsageError(`--mode must be forward or train, not '${values.mode}'`);
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not '${values.format}'`);
  const engines = values.engine.split(',');
  for (const e of engines) if (e !== 'tfjs' && e !== 'onnxruntime') throw new UsageError(`--engine takes tfjs and/or onnxruntime, not '${e}'`);
  if (engines.includes('onnxruntime') && values.mode !== 'forward') throw new UsageError('--engine onnxruntime times forward only');
  const size = int(values.size, '--size', 640, 32);
  const bad = sizeProblem(size, size, 32);
  if (bad) throw new UsageError(`--size ${size}: ${bad.message}`, 'YC5008', bad.fix);
  const cfg = loadCheckedConfig(positionals[0]!, { cfgOptions: values['cfg-options'], scopes: parseScopes(values.scope), needs: { command: 'bench', keys: ['model'] } });
  const { selectBackend } = await import('../runtime/backend/index.js');
  const backend = await selectBackend(values.backend, { quiet: values.format === 'json' });
  const { benchSteps } = await import('../runtime/engine/bench.js');
  for (const engine of engines) {
    const r = await benchSteps({
      config: cfg.data, mode: values.mode, batch: int(values.batch, '--batch', 1), size,
      steps: int(values.steps, '--steps', 5), warmup: int(values.warmup, '--warmup', 1, 0), profile: values.profile, engine: engine as 'tfjs' | 'onnxruntime',
    });
    const on = engine === 'tfjs' ? backend : 'onnxruntime-cpu';
    const nat = r.native ? ` (${r.native.simd} kernels${r.native.plan ? ', inference plan' : r.native.plan === false ? ', tfjs kernels' : ''})` : '';
    if (values.format === 'json') console.log(JSON.stringify({ median_s: r.median_s, engine, backend: on, ...(r.native ? { simd: r.native.simd, ...(r.native.plan !== undefined ? { plan: r.native.plan } : {}) } : {}), mode: values.mode, batch: int(values.batch, '--batch', 1), size, times_s: r.times_s, peak_rss_mib: r.peak_rss_mib, tensor_growth: r.tensor_growth, ...(r.profile ? { profile: r.profile } : {}), ...(r.gpu ? { gpu: r.gpu } : {}) }));
    else console.log(`${values.mode} batch ${int(values.batch, '--batch', 1)} x ${size} on ${engine === 'tfjs' ? backend + nat : 'onnxruntime (CPU)'}: median ${r.median_s.toFixed(4)} s over ${r.times_s.length} steps (peak RSS ${r.peak_rss_mib} MiB, tensors leaked per run: ${r.tensor_growth})`);
    if (r.gpu && values.format === 'text') {
      const mib = (n: number) => (n / 2 ** 20).toFixed(2);
      console.log(`per step on the GPU: ${r.gpu.dispatches} dispatches, ${mib(r.gpu.bytes_up)} MiB up, ${mib(r.gpu.bytes_down)} MiB down, ${mib(r.gpu.uniform_bytes)} MiB of uniforms`);
      console.log(r.gpu.timestamps ? 'kernel times below: GPU timestamp queries' : 'kernel times below: the adapter has no timestamp queries (CPU-side times)');
    }
    if (r.profile && values.format === 'text') {
      const total = r.profile.reduce((s, k) => s + k.ms, 0);
      const what = engine === 'onnxruntime' ? 'onnxruntime node' : 'kernel';
      console.log(`per-${what} time of one more step: ${total.toFixed(1)} ms in ${r.profile.reduce((s, k) => s + k.calls, 0)} ${what} calls`);
      for (const k of r.profile.slice(0, 20)) {
        console.log(`  ${k.kernel.padEnd(52)} ${k.ms.toFixed(1).padStart(8)} ms ${(100 * k.ms / total).toFixed(1).padStart(5)}%  ${k.calls} calls`);
      }
    }
  }
  return 0;
}
