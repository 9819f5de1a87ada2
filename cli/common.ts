/** Shared CLI plumbing: argument parsing that turns mistakes into usage errors, error printing. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { YolocError } from '../runtime/errors.js';

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
  if (err instanceof YolocError) {
    const where = err.file ? `${err.file} - ` : '';
    console.error(`${where}error ${err.code}: ${err.message}`);
    if (err.fix) console.error(`  fix: ${err.fix}`);
    return 1;
  }
  const e = err as Error;
  // Emscripten's traps when tfjs-backend-wasm's heap (a 32-bit WebAssembly memory) is exhausted.
  if (/memory access out of bounds|^Aborted\(|Cannot enlarge memory|Out of memory/i.test(e?.message ?? '')) {
    console.error(`error YC7502: the wasm backend ran out of memory (${e.message.split('\n')[0]}): WebAssembly memory is at most 4 GB, and this batch and image size need more`);
    console.error('  fix: use a smaller batch or image size, or the native backend (`npm run build:native`; it has no such limit)');
    return 1;
  }
  console.error(`error YC8004: internal error: ${e?.message ?? String(err)}`);
  if (process.env.YOLOC_DEBUG) console.error(e?.stack);
  return 1;
}
