/** Shared CLI plumbing: argument parsing that turns mistakes into usage errors, error printing. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { knownRuntimeError } from '../runtime/errors.js';

/** A bad flag or argument: exit code 2. */
export class UsageError extends Error {
  constructor(message: string, readonly code = 'YC8002') {
    super(message);
  }
}

/** node:util parseArgs, with its errors turned into UsageError and `--help` handled. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
  usage: string,
  allowPositionals = true,
) {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    return null;
  }
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${usage}`);
  }
}

/** Prints any error as a one-line diagnostic and returns the exit code it deserves. */
export function printError(err: unknown): number {
  if (err instanceof Error && err.message === 'the config has errors' && err.constructor.name === 'ConfigErrors') return 1;
  if (err instanceof UsageError) {
    console.error(`error ${err.code}: ${err.message}`);
    return 2;
  }
  // YolocErrors, and errors the runtime can name (a WebAssembly out-of-memory trap: YC7502).
  const known = knownRuntimeError(err);
  if (known) {
    const where = known.file ? `${known.file} - ` : '';
    console.error(`${where}error ${known.code}: ${known.message}`);
    if (known.fix) console.error(`  fix: ${known.fix}`);
    return 1;
  }
  const e = err as Error;
  console.error(`error YC8004: internal error: ${e?.message ?? String(err)}`);
  if (process.env.YOLOC_DEBUG) console.error(e?.stack);
  return 1;
}
