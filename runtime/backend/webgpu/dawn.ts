/**
 * Dawn (the `webgpu` npm package) as `navigator.gpu` in Node, set up before tfjs's webgpu
 * backend loads. Nothing of a browser is needed past this point: tfjs-backend-webgpu only asks
 * for `navigator.gpu` and the GPU* constants (`globals`).
 *
 * Adapters: automatic selection takes only a hardware adapter; a software one (SwiftShader,
 * llvmpipe: CPU Vulkan drivers, far slower than the native CPU engine) is taken only when the
 * user asks for webgpu. When no Vulkan driver is found and the user asked for webgpu, Debian's
 * chromium SwiftShader ICD is tried as a last resort, so `--backend webgpu` works on any
 * machine that has it (tests and CI run every WGSL kernel there).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import { loadAddon } from '../native/addon.js';

/** What `--backend webgpu` prints about the adapter it took. */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A CPU implementation (SwiftShader, llvmpipe, or a fallback adapter). */
  software: boolean;
  features: string[];
}

/** Where Debian's chromium package puts SwiftShader's Vulkan ICD. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

interface DawnModule {
  create: (flags: string[]) => GpuLike;
  globals: Record<string, unknown>;
}
interface GpuLike { requestAdapter(opts?: Record<string, unknown>): Promise<AdapterLike | null> }
interface AdapterLike {
  info?: Record<string, unknown>;
  isFallbackAdapter?: boolean;
  features: Iterable<string>;
}

let state: { gpu: GpuLike; info: AdapterInfo } | null = null;

function describe(adapter: AdapterLike): AdapterInfo {
  const raw = adapter.info ?? {};
  const s = (k: string): string => (typeof raw[k] === 'string' ? (raw[k] as string) : '');
  const info = { vendor: s('vendor'), architecture: s('architecture'), device: s('device'), description: s('description') };
  const text = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`;
  const software = adapter.isFallbackAdapter === true || raw.isFallbackAdapter === true
    || /swiftshader|llvmpipe|lavapipe|softpipe|software|microsoft basic render/i.test(text);
  return { ...info, software, features: [...adapter.features].sort() };
}

/** One line for the user: vendor, architecture, driver. */
export function adapterLine(info: AdapterInfo): string {
  const parts = [info.vendor, info.architecture, info.description || info.device].filter(Boolean);
  return `${parts.join(', ') || 'unknown adapter'}${info.software ? ' (software: a CPU implementation, for correctness only)' : ''}`;
}

/**
 * Whether a hardware GPU can be there at all, without loading Vulkan: on Linux a GPU driver
 * exposes /dev/dri/renderD* (Mesa, AMD, Intel) or /dev/nvidia* (NVIDIA). Automatic selection
 * probes WebGPU only then, so CPU machines never pay for (or see warnings from) the probe.
 */
export function mayHaveHardwareGpu(): boolean {
  if (process.platform !== 'linux') return true;
  const has = (dir: string, re: RegExp): boolean => {
    try { return readdirSync(dir).some((n) => re.test(n)); } catch { return false; }
  };
  return has('/dev/dri', /^renderD\d+$/) || has('/dev', /^nvidia\d+$/);
}

/** Dawn warns about an unset or missing XDG_RUNTIME_DIR on every start; give it one. */
function quietRuntimeDir(): void {
  const dir = process.env.XDG_RUNTIME_DIR;
  let ok = false;
  try { ok = dir !== undefined && dir !== '' && statSync(dir).isDirectory(); } catch { ok = false; }
  if (!ok) process.env.XDG_RUNTIME_DIR = os.tmpdir();
}

async function importDawn(): Promise<DawnModule | null> {
  const name = 'webgpu';
  try {
    const mod = (await import(name)) as Partial<DawnModule> & { default?: Partial<DawnModule> };
    const m = typeof mod.create === 'function' ? mod : mod.default;
    return m && typeof m.create === 'function' ? (m as DawnModule) : null;
  } catch {
    return null;
  }
}

async function firstAdapter(dawn: DawnModule): Promise<{ gpu: GpuLike; adapter: AdapterLike } | null> {
  // Dawn and the Vulkan loader print their probing warnings (drivers they refuse, none found)
  // straight to fd 2: the native addon silences it for the probe where it is built.
  const addon = loadAddon();
  const quiet = process.env.YOLOC_WEBGPU_VERBOSE !== '1' && addon?.quietStderr?.(true) === true;
  try {
    const gpu = dawn.create([]);
    const adapter = (await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null))
      ?? (await gpu.requestAdapter().catch(() => null));
    return adapter ? { gpu, adapter } : null;
  } finally {
    if (quiet) addon?.quietStderr?.(false);
  }
}

/**
 * Installs Dawn as navigator.gpu when an acceptable adapter exists. `allowSoftware`: take a CPU
 * adapter too (the user asked for webgpu). Returns the adapter, or why there is none.
 */
export async function setupDawn(opts: { allowSoftware: boolean }): Promise<{ info: AdapterInfo } | { reason: string }> {
  if (state) {
    if (state.info.software && !opts.allowSoftware) return { reason: `only a software adapter: ${adapterLine(state.info)}` };
    return { info: state.info };
  }
  const dawn = await importDawn();
  if (!dawn) return { reason: "the 'webgpu' package (Dawn) could not be loaded" };
  quietRuntimeDir();
  const canUseSwiftShader = opts.allowSoftware && process.env.VK_ICD_FILENAMES === undefined
    && process.env.VK_DRIVER_FILES === undefined && existsSync(SWIFTSHADER_ICD);
  // No GPU device here: go straight to SwiftShader (other CPU drivers, such as Mesa's lavapipe,
  // are refused by Dawn with a warning on every start).
  if (canUseSwiftShader && !mayHaveHardwareGpu()) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  let found = await firstAdapter(dawn);
  if (!found && canUseSwiftShader && process.env.VK_ICD_FILENAMES === undefined) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    found = await firstAdapter(dawn);
  }
  if (!found) return { reason: 'no WebGPU adapter (no Vulkan driver found; YOLOC_WEBGPU_VERBOSE=1 shows what Dawn and the Vulkan loader say)' };
  const info = describe(found.adapter);
  if (info.software && !opts.allowSoftware) return { reason: `only a software adapter: ${adapterLine(info)}` };
  Object.assign(globalThis, dawn.globals);
  // defineProperty: newer Node versions have a read-only global navigator.
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: found.gpu }, configurable: true, writable: true });
  state = { gpu: found.gpu, info };
  return { info };
}

/** The adapter in use, once setupDawn succeeded. */
export function currentAdapter(): AdapterInfo | null {
  return state?.info ?? null;
}
