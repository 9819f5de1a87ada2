/**
 * MMEngine's `_parse_lazy_import`, the loader of pure-Python configs: the bases named in
 * `with read_base():` are found (relative: next to the file, one folder up per extra dot;
 * absolute `pkg.a.b`: inside the package folder, found through `--scope pkg=DIR` as for
 * `pkg::` bases, or above the config when it lives in that package), each evaluated on its own,
 * then the file itself with their names. A classic config may not import a pure-Python base nor
 * the reverse (YC3022). Nothing here is cached: each import of a base evaluates it afresh, as
 * MMEngine does.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Span } from '../diagnostics/types.js';
import type { PureModule } from '../frontend/python/pure.js';
import type { LoaderContext } from './resolver.js';

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The folder of package `pkg` for an absolute base import, or null (reported). */
function packageRoot(pkg: string, from: string, span: Span, module: string, ctx: LoaderContext): string | null {
  const given = ctx.scopes[pkg];
  if (given) {
    if (path.basename(given) === pkg) return given;
    if (isDir(path.join(given, pkg))) return path.join(given, pkg);
    if (isDir(path.join(path.dirname(given), pkg))) return path.join(path.dirname(given), pkg);
    return given;
  }
  // A config inside the package imports its own package's bases (mmdet/configs/... -> mmdet.configs._base_...).
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    if (path.basename(dir) === pkg && existsSync(path.join(dir, '__init__.py'))) return dir;
    if (path.dirname(dir) === dir) break;
  }
  ctx.diagnostics.push({
    code: 'YC3006',
    severity: 'error',
    message: `base '${module}' comes from package '${pkg}', but no folder was given for it`,
    span,
    fix: `pass --scope ${pkg}=PATH, where PATH is the ${pkg} package folder (or its repository's configs folder, as for ${pkg}:: bases)`,
  });
  return null;
}

/** Where `with read_base(): from <module> import ...` points (MMEngine's module_path). */
export function baseModulePath(module: string, level: number, from: string, span: Span, ctx: LoaderContext): string | null {
  const rest = module.slice(level);
  if (level > 0) return path.join(path.dirname(from), ...Array(level - 1).fill('..'), `${rest.replace(/\./g, '/')}.py`);
  const parts = rest.split('.');
  if (parts.length === 1) {
    ctx.diagnostics.push({
      code: 'YC3023', severity: 'error', span,
      message: `the imported base '${module}' is a package, not a config: name the config module (\`from mmdet.configs.retinanet_r50_fpn_1x_coco import *\`)`,
    });
    return null;
  }
  const root = packageRoot(parts[0]!, from, span, module, ctx);
  return root === null ? null : `${path.join(root, ...parts.slice(1))}.py`;
}

/** Loads a pure-Python config and its bases; null when anything failed (reported in ctx). */
export function loadPure(file: string, text: string, chain: readonly string[], ctx: LoaderContext): PureModule | null {
  const python = ctx.python!;
  const myChain = [...chain, file];
  ctx.files.push(file);
  if (!ctx.chains.has(file)) ctx.chains.set(file, myChain);
  const found = python.readBaseImports!(text, file);
  ctx.diagnostics.push(...found.diagnostics);
  if (found.diagnostics.some((d) => d.severity === 'error')) return null;
  const bases = new Map<string, PureModule>();
  let failed = false;
  for (const b of found.value.bases) {
    const where = baseModulePath(b.module, b.level, file, b.span, ctx);
    if (!where) {
      failed = true;
      continue;
    }
    const abs = path.resolve(where);
    if (myChain.includes(abs)) {
      const cycle = [...myChain.slice(myChain.indexOf(abs)), abs].map((f) => path.basename(f)).join(' -> ');
      ctx.diagnostics.push({ code: 'YC3002', severity: 'error', message: `base import cycle: ${cycle}`, span: b.span });
      failed = true;
      continue;
    }
    const baseText = ctx.readFile(abs);
    if (baseText === undefined) {
      ctx.diagnostics.push({
        code: 'YC3001', severity: 'error', span: b.span,
        message: `cannot find base config '${b.module}' (looked for ${abs}; MMEngine: ${where} not found!)`,
        fix: 'name an existing config module: a relative import counts one dot for this folder and one more per folder up',
      });
      failed = true;
      continue;
    }
    if (myChain.length >= 64 || ctx.files.length >= 1000) {
      ctx.diagnostics.push({ code: 'YC3019', severity: 'error', message: 'too many config files to load (base imports nested too deep or repeated?)', span: b.span });
      return null;
    }
    ctx.readLog.push([abs, baseText]);
    const mod = loadPure(abs, baseText, myChain, ctx);
    if (!mod) {
      failed = true;
      continue;
    }
    bases.set(b.module, mod);
  }
  if (failed) return null;
  const r = python.evaluatePure!(text, file, { bases, withAt: found.value.withAt, env: ctx.env, onEnv: () => ctx.uncacheable?.add(file) });
  ctx.diagnostics.push(...r.diagnostics);
  return r.value && !r.diagnostics.some((d) => d.severity === 'error') ? r.value : null;
}
