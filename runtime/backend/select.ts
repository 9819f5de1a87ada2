/**
 * Backend choice, apart from loading: given candidates in preference order, each with a
 * `load()` that says whether it works here, pick the first that loads (or exactly the forced
 * one). Tests drive this with fakes to prove the order.
 */
import { YolocError } from '../errors.js';

/** One backend we may use: `load(forced)` resolves true when it registered and activated,
 * false or a reason (one line for the user) when not. `forced`: the user asked for it by name. */
export interface BackendCandidate {
  name: string;
  load: (forced: boolean) => Promise<boolean | string>;
}

/** Backend names in preference order: the fastest that loads wins. */
export const BACKEND_ORDER = ['tensorflow', 'webgpu', 'native', 'wasm', 'cpu'] as const;

/** Picks the first candidate whose load() succeeds; a forced name must load or it is a YC7501. */
export async function pickBackend(candidates: readonly BackendCandidate[], forced?: string): Promise<string> {
  if (forced !== undefined) {
    const c = candidates.find((x) => x.name === forced);
    if (!c) {
      throw new YolocError('YC7500', `unknown backend '${forced}'`, undefined, `use one of: ${candidates.map((x) => x.name).join(', ')}`);
    }
    const r = await tryLoad(c, true);
    if (r !== true) {
      throw new YolocError('YC7501', `backend '${forced}' could not be loaded here${typeof r === 'string' ? `: ${r}` : ''}`, undefined,
        `leave --backend out to pick the best available one`);
    }
    return c.name;
  }
  for (const c of candidates) if ((await tryLoad(c, false)) === true) return c.name;
  throw new YolocError('YC7501', 'no TensorFlow.js backend could be loaded');
}

async function tryLoad(c: BackendCandidate, forced: boolean): Promise<boolean | string> {
  try {
    return await c.load(forced);
  } catch (e) {
    return forced ? (e as Error).message : false; // optional backends fail quietly
  }
}
