/**
 * The `yoloc` command: dispatches to one module per verb (cli/<verb>.ts), each exporting
 * `run(argv): Promise<number>`. Every failure ends in a diagnostic and an exit code
 * (0 ok, 1 errors in the input, 2 usage), never a stack trace.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError, printError } from './common.js';
import { COMMANDS } from './commands.js';
import { ROOT_DIR } from './paths.js';
import { suggest } from '../compiler/validate/didyoumean.js';

export { COMMANDS } from './commands.js';

/** Loads cli/<verb>.ts; each exports `run(argv): Promise<number>`. */
async function load(verb: string): Promise<{ run: (argv: string[]) => Promise<number> }> {
  return import(`./${verb}.js`);
}

function help(): string {
  const lines = ['usage: yoloc <command> [options]', '', 'commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(9)} ${c.summary}`);
  lines.push('', 'Run `yoloc help <command>` (or `yoloc <command> --help`) for its options; `yoloc --version`.');
  return lines.join('\n');
}

/** The package's version, as `yoloc --version` prints it. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as { name?: string; version?: string };
  return `${pkg.name ?? 'yoloc'} ${pkg.version ?? '(unknown version)'}`;
}

/** Why `verb` is not a command, with the likeliest fix. */
function unknownCommand(verb: string): UsageError {
  const close = suggest(verb, Object.keys(COMMANDS));
  if (close) return new UsageError(`unknown command '${verb}'`, 'YC8001', `did you mean '${close}'? (yoloc ${close} --help)`);
  if (verb.startsWith('-')) return new UsageError(`unknown option '${verb}' (options go after the command)`, 'YC8001', 'run `yoloc --help` for the commands');
  if (/\.(py|json|ya?ml|ts)$/i.test(verb)) return new UsageError(`'${verb}' is not a command`, 'YC8001', `name a command first, e.g. yoloc check ${verb}`);
  return new UsageError(`unknown command '${verb}'`, 'YC8001', `the commands are ${Object.keys(COMMANDS).join(', ')}`);
}

export async function main(argv: string[]): Promise<number> {
  let [verb, ...rest] = argv;
  if (verb === '--version' || verb === '-v' || verb === 'version') {
    console.log(version());
    const { nativeEngineLine } = await import('../runtime/backend/native/addon.js');
    console.log(nativeEngineLine());
    return 0;
  }
  if ((verb === 'help' || verb === '--help' || verb === '-h') && rest.length) {
    // `yoloc help train` (and `yoloc --help train`) is `yoloc train --help`
    [verb, rest] = [rest[0]!, ['--help']];
  } else if (!verb || verb === '--help' || verb === '-h' || verb === 'help') {
    console.log(help());
    return verb ? 0 : 2;
  }
  if (!Object.hasOwn(COMMANDS, verb!)) return printError(unknownCommand(verb!));
  try {
    const mod = await load(verb!);
    return await mod.run(rest);
  } catch (err) {
    return printError(err);
  }
}
