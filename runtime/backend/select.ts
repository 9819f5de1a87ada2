/**
 * Backend choice, apart from loading: given candidates in preference order, each with a
 * `load()` that says whether it works here, pick the first that loads (or exactly the forced
 * one). Tests drive this with fakes to prove the order.
 */
import { YolocError } from '../errors.js';

/** One backend we may use: `load()` resolves true when it registered and activated. */
export interface BackendCandidate {
  name: string;
  load: () => Promise<boolean>;
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
    if (!(await tryLoad(c))) {
      throw new YolocError('YC7501', `backend '${forced}' could not be loaded here`, undefined,
        `leave --backend out to pick the best available one`);
    }
    return c.name;
  }
  for (const c of candidates) if (await tryLoad(c)) return c.name;
  throw new YolocError('YC7501', 'no TensorFlow.js backend could be loaded');
}

async function tryLoad(c: BackendCandidate): Promise<boolean> {
  try {
    return await c.load();
  } catch {
    return false; // optional backends fail quietly
  }
}
