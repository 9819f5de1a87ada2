/**
 * `yoloc export --format mmyolo`: a folder MMYOLO trains as it is. The resolved config (one
 * base-free MMEngine .py, printed by the compiler and handed in as text), our Python module for
 * the types MMYOLO lacks (StarNet: yoloc_starnet.py, imported by the config's custom_imports),
 * the weights as an MMEngine checkpoint (`{'state_dict': ...}`, what `load_from` reads) and a
 * README with the commands. Written atomically as a whole folder.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TensorData } from '../../io/safetensors.js';
import { writePth } from '../../io/pth.js';
import { writeFileAtomic, writeDirAtomic } from '../write.js';
import { mmyoloReadme } from './readme.js';

/** Backbone types MMYOLO's registry lacks, and the module of ours that registers them. */
export const PYTHON_MODULES: Record<string, { module: string; types: RegExp }> = {
  StarNet: { module: 'yoloc_starnet', types: /^(StarNet|starnet_(s050|s100|s150|s1|s2|s3|s4))$/ },
};

/** The module names (for custom_imports) a model dict needs: one per type MMYOLO lacks. */
export function customImportsFor(model: Record<string, unknown>): string[] {
  const backbone = model.backbone as Record<string, unknown> | undefined;
  const t = typeof backbone?.type === 'string' ? backbone.type.replace(/^.*\./, '') : '';
  return Object.values(PYTHON_MODULES).filter((m) => m.types.test(t)).map((m) => m.module);
}

/** The source text of one of our Python modules. */
export function pythonModuleSource(module: string): string {
  return readFileSync(path.join(import.meta.dirname, `${module}.py`), 'utf8');
}

export interface MmyoloProject {
  dir: string;
  /** File name of the config inside the folder (`<config stem>.py`). */
  configName: string;
  configText: string;
  modules: string[];
  /** State dict in PyTorch layout (written as weights.pth), or none. */
  weights?: Map<string, TensorData>;
  /** Where the config came from, for the README. */
  source: string;
}

/** Writes the project folder; returns the files written (relative names). */
export function writeMmyoloProject(p: MmyoloProject): string[] {
  const files: string[] = [];
  writeDirAtomic(p.dir, (tmp) => {
    const put = (name: string, data: string) => { writeFileAtomic(path.join(tmp, name), data); files.push(name); };
    put(p.configName, p.configText);
    for (const m of p.modules) put(`${m}.py`, pythonModuleSource(m));
    if (p.weights) { writePth(path.join(tmp, 'weights.pth'), p.weights); files.push('weights.pth'); }
    put('README.md', mmyoloReadme({ configName: p.configName, modules: p.modules, weights: !!p.weights, source: p.source }));
  });
  return files.sort();
}
