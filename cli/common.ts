/** Shared CLI plumbing: argument parsing that turns mistakes into usage errors, error printing. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { statSync } from 'node:fs';
import path from 'node:path';
import { YolocError, fsReason, knownRuntimeError } from '../runtime/errors.js';
import { suggest } from '../compiler/validate/didyoumean.js';
import { BACKEND_ORDER } from '../runtime/backend/select.js';

/** A bad flag or argument: exit code 2. */
export class UsageError extends Error {
  constructor(message: string, readonly code = 'YC8002', readonly fix?: string) {
    super(message);
  }
}

/** A missing or extra argument: the message, and the command's usage line as the fix. */
export function usageError(message: string, usage: string): UsageError {
  const line = /^usage: (.*)$/m.exec(usage)?.[1];
  const verb = /usage: yoloc (\w+)/.exec(usage)?.[1];
  return new UsageError(message, 'YC8002', line ? `${line}   (yoloc ${verb} --help lists the options)` : undefined);
}

/** `--format` and the like: the value if it is one of `choices`, else the one message every command gives. */
export function oneOf<T extends string>(flag: string, value: string | undefined, choices: readonly T[]): T {
  if (value !== undefined && (choices as readonly string[]).includes(value)) return value as T;
  const list = choices.length === 2 ? `${choices[0]} or ${choices[1]}` : `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
  throw new UsageError(`${flag} must be ${list}, not '${value}'`);
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
    const verb = /usage: yoloc (\w+)/.exec(usage)?.[1];
    const more = verb ? `yoloc ${verb} --help lists the options` : undefined;
    const e = err as Error & { code?: string };
    const unknown = /^Unknown option '([^']+)'/.exec(e.message)?.[1];
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) {
      // node's message goes on about '--' and positionals; say what is wrong and what was meant
      const flags = Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
      const close = unknown.startsWith('--') ? suggest(unknown, flags.filter((f) => f.startsWith('--'))) : undefined;
      throw new UsageError(`unknown option '${unknown}'`, 'YC8002', close ? `did you mean '${close}'? (${more})` : more);
    }
    if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError(e.message.replace(/\. .*$/s, ''), 'YC8002', more);
    throw new UsageError(e.message, 'YC8002', more);
  }
}

/** Prints any error as a one-line diagnostic and returns the exit code it deserves. */
export function printError(err: unknown): number {
  if (err instanceof Error && err.message === 'the config has errors' && err.constructor.name === 'ConfigErrors') return 1;
  if (err instanceof UsageError) {
    console.error(`error ${err.code}: ${err.message}`);
    if (err.fix) console.error(`  fix: ${err.fix}`);
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
  // a file system call that failed on a path the user gave (an output folder that is a file, ...)
  const fsErr = err as NodeJS.ErrnoException;
  if (fsErr instanceof Error && typeof fsErr.code === 'string' && typeof fsErr.syscall === 'string' && typeof fsErr.path === 'string') {
    const action = ({ mkdir: 'create the folder', open: 'open', rename: 'write', write: 'write', read: 'read', scandir: 'list the folder', stat: 'read' } as Record<string, string>)[fsErr.syscall] ?? fsErr.syscall;
    console.error(`${shownPath(fsErr.path)} - error YC8006: cannot ${action}: ${fsReason(fsErr)}`);
    console.error('  fix: check the paths given with -o/--out, --work-dir and the like (an output folder must not be a file)');
    return 1;
  }
  const e = err as Error;
  console.error(`error YC8004: internal error: ${e?.message ?? String(err)}`);
  if (process.env.YOLOC_DEBUG) console.error(e?.stack);
  return 1;
}

/** A flag with an older spelling kept as an alias (`--out`, once `--output`): either one, not two different values. */
export function aliased(values: { [k: string]: unknown }, name: string, alias: string): string | undefined {
  const a = values[name] as string | undefined;
  const b = values[alias] as string | undefined;
  if (a !== undefined && b !== undefined && a !== b) throw new UsageError(`--${name} and --${alias} (its old spelling) name different paths: '${a}', '${b}'`);
  return a ?? b;
}

/** `file` as the user would type it: relative to the working directory when under it, else absolute. */
export function shownPath(file: string): string {
  const r = path.relative(process.cwd(), file);
  return r === '' ? '.' : !r.startsWith('..') && !path.isAbsolute(r) ? r : path.resolve(file);
}

/** A file named by a flag must be there before anything slow starts (YC7100 for weights, YC8003 else; exit 1). */
export function requireFile(file: string | undefined, flag: string): void {
  if (file === undefined || statSync(file, { throwIfNoEntry: false })?.isFile()) return;
  const folder = statSync(file, { throwIfNoEntry: false })?.isDirectory();
  const weights = ['--checkpoint', '--resume', '--load-from', '--weights'].includes(flag);
  throw new YolocError(weights ? 'YC7100' : 'YC8003', folder ? `${flag}: a folder, not a ${weights ? 'weights ' : ''}file` : `${flag}: no such file`, file,
    weights ? 'give a checkpoint yoloc train wrote (work_dirs/<config>/epoch_N.safetensors), a .safetensors or a .pth' : `check the path given to ${flag}`);
}

/** `--backend NAME` checked with the flags (exit 2, with a did-you-mean), before a config is read or a backend probed. */
export function backendFlag(name: string | undefined): string | undefined {
  if (name === undefined || (BACKEND_ORDER as readonly string[]).includes(name)) return name;
  const close = suggest(name, BACKEND_ORDER);
  throw new UsageError(`--backend must be one of ${BACKEND_ORDER.join(', ')}, not '${name}'`, 'YC8002', close ? `did you mean '${close}'?` : 'leave --backend out to use the best that loads here');
}
