// The govllm CLI. Commands live one per module in ./commands/ and are discovered, so adding a command
// never means editing this file. Exit codes (DESIGN.md): 0 all required clauses pass, 1 something failed,
// 2 usage or input error, 3 the suite itself broke.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import yargs, { type CommandModule } from 'yargs';
import { isInputError } from '../load/errors.ts';
import { terminalSafe } from '../output/inert.ts';

export const EXIT = { OK: 0, FAILED: 1, INPUT: 2, BROKEN: 3 } as const;

/** Thrown by commands to exit with a code after printing `message` (no stack trace). */
export class ExitError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const COMMANDS_DIR = path.join(HERE, 'commands');
/** '.js' when this module runs compiled (`npm run build`), '.ts' when it runs through tsx or vitest. */
const SOURCE_EXT = path.extname(fileURLToPath(import.meta.url));

interface IndexedCommand {
  file: string;
  command: string;
  aliases: string[];
  describe: string;
}

async function importCommand(file: string): Promise<CommandModule> {
  return (await import(pathToFileURL(path.join(COMMANDS_DIR, file)).href)).default as CommandModule;
}

/**
 * The commands, loading as few modules as possible: a command imports all it uses (the runner, puppeteer, the
 * MCP SDK …), which is most of the start-up time. With the index the build writes, only the command being run is
 * imported and the others are registered by name and description, enough for `--help`. Without an index (tsx,
 * a checkout without a build) every command is imported.
 */
async function loadCommands(argv: string[]): Promise<CommandModule[]> {
  const files = fs
    .readdirSync(COMMANDS_DIR)
    .filter((f) => f.endsWith(SOURCE_EXT) && !f.endsWith(`.test${SOURCE_EXT}`))
    .sort();
  const index = readIndex();
  const wanted = argv.find((a) => !a.startsWith('-'));
  const mods: CommandModule[] = [];
  for (const f of files) {
    const entry = index?.get(f);
    const names = entry ? [entry.command.split(' ')[0], ...entry.aliases] : [];
    if (!entry || names.includes(wanted ?? '')) mods.push(await importCommand(f));
    else mods.push({ command: entry.command, aliases: entry.aliases, describe: entry.describe, handler: () => {} });
  }
  return mods;
}

function readIndex(): Map<string, IndexedCommand> | undefined {
  if (SOURCE_EXT !== '.js') return undefined;
  try {
    const list = JSON.parse(fs.readFileSync(path.join(HERE, 'commands.index.json'), 'utf8')) as IndexedCommand[];
    return new Map(list.map((c) => [c.file, c]));
  } catch {
    return undefined;
  }
}

export async function main(argv: string[]): Promise<void> {
  let code: number;
  try {
    const cli = yargs(argv)
      .scriptName('govllm')
      .usage('govllm <command> [options]\n\nAssess a government LLM deployment (政务大模型) against the government LLM standards system 2.0.')
      .strict()
      .demandCommand(1, 'Name a command; `govllm --help` lists them.')
      .help()
      .alias('h', 'help')
      .version(JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version)
      .wrap(Math.min(110, process.stdout.columns || 100))
      .fail((msg, err) => {
        if (err) throw err;
        throw new ExitError(EXIT.INPUT, `${msg}\nRun \`govllm --help\` for usage.`);
      });
    for (const c of await loadCommands(argv)) cli.command(c);
    await cli.parseAsync();
    code = process.exitCode === undefined ? EXIT.OK : Number(process.exitCode);
  } catch (e) {
    if (e instanceof ExitError) {
      if (e.message) process.stderr.write(terminalSafe(e.message.endsWith('\n') ? e.message : e.message + '\n'));
      code = e.code;
    } else if (isInputError(e)) {
      process.stderr.write(terminalSafe(e.problems.map((p) => `error: ${p}`).join('\n') + '\n'));
      code = EXIT.INPUT;
    } else {
      process.stderr.write(`govllm: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
      code = EXIT.BROKEN;
    }
  }
  process.exitCode = code;
}

/** Messages can quote what a vendor's file or a target holds: shown inert (runners/output/inert.ts). */
export { terminalSafe } from '../output/inert.ts';
