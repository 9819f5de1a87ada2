/**
 * `yoloc check CONFIG...`: resolves each config, validates it against the schema and checks
 * its shapes (channels and strides from backbone through neck to head), printing every
 * diagnostic. Exit 0 clean, 1 errors (warnings too with --strict), 2 usage.
 */
import { UsageError, parseCommandArgs, usageError } from './common.js';
import { expandCfgOptions, parseScopes } from './config.js';
import { helpText } from './commands.js';
import { renderJson, renderText } from '../compiler/diagnostics/render.js';
import type { Diagnostic } from '../compiler/diagnostics/types.js';
import { checkFile } from '../compiler/check/run.js';
import { renderSarif } from '../compiler/check/sarif.js';

const USAGE = helpText('check', `usage: yoloc check CONFIG... [options]

Resolves, validates and shape-checks configs without building a model.

options:
  --format text|json|sarif     output form (default text; sarif is SARIF 2.1.0)
  --strict                     warnings fail too (exit 1)
  --cfg-options K=V [K=V ...]  overrides, MMEngine syntax: a.b=1 a.b=[1,2] a.b=(1,2)
  --scope NAME=DIR             folder of a package's configs, for NAME::path bases (repeatable)`);

export { expandCfgOptions, parseScopes } from './config.js';

/** Runs `yoloc check`. */
export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(expandCfgOptions(argv), {
    format: { type: 'string', default: 'text' },
    strict: { type: 'boolean', default: false },
    'cfg-options': { type: 'string', multiple: true },
    scope: { type: 'string', multiple: true },
  }, USAGE);
  if (!args) return 0;
  const { values, positionals } = args;
  if (positionals.length === 0) throw usageError(`expected at least one CONFIG`, USAGE);
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not '${format}'`);
  const opts = { cfgOptions: values['cfg-options'] ?? [], scopes: parseScopes(values.scope) };
  const diagnostics: Diagnostic[] = [];
  for (const file of positionals) diagnostics.push(...checkFile(file, opts).diagnostics);
  if (format === 'json') console.log(renderJson(diagnostics));
  else if (format === 'sarif') console.log(renderSarif(diagnostics));
  else if (diagnostics.length) console.log(renderText(diagnostics));
  else console.log(`No problems in ${positionals.length} config${positionals.length === 1 ? '' : 's'}.`);
  const failing = diagnostics.some((d) => d.severity === 'error' || (values.strict && d.severity === 'warning'));
  return failing ? 1 : 0;
}
