/**
 * One config file, read by the reader its extension picks (.py -> the Python evaluator,
 * .json, .yaml/.yml), behind one shape: first its `_base_` list, then its evaluation against
 * the merged bases. JSON and YAML follow MMEngine's `_base_` rules (string or list of strings).
 */
import path from 'node:path';
import type { Diagnostic, PhaseResult, Span } from '../diagnostics/types.js';
import { parseJsonConfig } from './json.js';
import { parseYamlConfig } from './yaml.js';
import { evaluateTypeScript } from './typescript.js';
import { PyDict, PyList, type Py } from './values.js';
import type { BaseImport, PureModule } from './python/pure.js';

/** What the Python evaluator may read besides the config text. */
export interface PythonEvalExtras {
  /** The environment os.environ and os.path.expanduser see. */
  env?: Record<string, string | undefined>;
  /** Called when the config reads the environment. */
  onEnv?: () => void;
}

/** A `_base_` entry as written. */
export interface BaseRef {
  path: string;
  span: Span;
}

/** The Python evaluator's interface (compiler/frontend/python/index.ts). */
export interface PythonFrontend {
  readBases(text: string, file: string): PhaseResult<{ bases: BaseRef[] }>;
  evaluatePython(text: string, file: string, opts?: { base?: PyDict } & PythonEvalExtras): PhaseResult<PyDict | null>;
  /** Pure-Python configs (MMEngine's lazy-import style); absent: every .py is classic. */
  configStyle?(text: string, file: string): PhaseResult<'classic' | 'pure'>;
  readBaseImports?(text: string, file: string): PhaseResult<{ bases: BaseImport[]; withAt: number }>;
  evaluatePure?(text: string, file: string, opts: { bases: Map<string, PureModule>; withAt: number } & PythonEvalExtras): PhaseResult<PureModule | null>;
  pureToDict?(mod: PureModule, file: string): PhaseResult<PyDict | null>;
}

/** A file ready to evaluate once its bases are merged. */
export interface LoadedFile {
  bases: BaseRef[];
  /** Evaluates the file; `base` is the merged bases (Python may mutate it through `_base_.x = v`). */
  evaluate(base: PyDict, extras?: PythonEvalExtras): PhaseResult<PyDict | null>;
}

/** The extensions MMEngine accepts. */
export const CONFIG_EXTENSIONS = ['.py', '.json', '.yaml', '.yml', '.ts'];

/** Reads `_base_` from a parsed JSON/YAML dict: a string or a list of strings. */
function basesOfDict(d: PyDict, file: string): PhaseResult<BaseRef[]> {
  const v: Py | undefined = d.get('_base_');
  const span = d.spans.get('_base_') ?? { file, start: 0, end: 0, line: 1, col: 1 };
  if (v === undefined) return { value: [], diagnostics: [] };
  if (typeof v === 'string') return { value: [{ path: v, span }], diagnostics: [] };
  if (v instanceof PyList && v.items.every((x) => typeof x === 'string')) {
    return { value: v.items.map((x, i) => ({ path: x as string, span: v.spans[i] ?? span })), diagnostics: [] };
  }
  const diag: Diagnostic = { code: 'YC3007', severity: 'error', message: '_base_ must be a string or a list of strings', span };
  return { value: [], diagnostics: [diag] };
}

/** Picks the reader by extension and returns the file's bases and its evaluation step. */
export function loadConfigText(text: string, file: string, python: PythonFrontend | null): PhaseResult<LoadedFile | null> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.py') {
    if (!python) {
      return { value: null, diagnostics: [{ code: 'YC3008', severity: 'error', message: 'Python configs need the Python evaluator, which is not available here', span: { file, start: 0, end: 0, line: 1, col: 1 } }] };
    }
    const r = python.readBases(text, file);
    return {
      value: { bases: r.value.bases, evaluate: (base, extras) => python.evaluatePython(text, file, { base, ...extras }) },
      diagnostics: r.diagnostics,
    };
  }
  if (ext === '.json' || ext === '.yaml' || ext === '.yml') {
    const parsed = ext === '.json' ? parseJsonConfig(text, file) : parseYamlConfig(text, file);
    if (!parsed.value) return { value: null, diagnostics: parsed.diagnostics };
    const dict = parsed.value;
    const bases = basesOfDict(dict, file);
    return {
      value: { bases: bases.value, evaluate: () => ({ value: dict, diagnostics: [] }) },
      diagnostics: [...parsed.diagnostics, ...bases.diagnostics],
    };
  }
  if (ext === '.ts') {
    // a typed `export default defineConfig({...})`, read by the TypeScript parser, never run
    const parsed = evaluateTypeScript(text, file);
    if (!parsed.value) return { value: null, diagnostics: parsed.diagnostics };
    const dict = parsed.value;
    return { value: { bases: [], evaluate: () => ({ value: dict, diagnostics: [] }) }, diagnostics: parsed.diagnostics };
  }
  return {
    value: null,
    diagnostics: [{ code: 'YC3008', severity: 'error', message: `unsupported config extension '${ext || '(none)'}': use .py, .json, .yaml, .yml or .ts`, span: { file, start: 0, end: 0, line: 1, col: 1 } }],
  };
}
