import type { CliEnvironment, Command } from './commands/Command.js';
import { commandHelp, ExitCode, parseCommandArgs } from './commands/Command.js';
import { commands } from './commands/index.js';
import { CliError, UsageError } from './errors.js';
import { escapeControl } from './escapeControl.js';
import { styleFor } from './style.js';
import { cliVersion } from './version.js';

/*
 * The only module that touches the process: arguments, stdout/stderr, the exit code, the working
 * directory. Commands (commands/*Command.ts) take what they need as parameters and load their
 * heavy modules (ts-morph for the scan) when they run, so that `tlkit --version`, `tlkit report`
 * and every help text start without the TypeScript compiler.
 */

export type { CliEnvironment, OutputStream } from './commands/Command.js';
export { ExitCode } from './commands/Command.js';

function mainHelp(): string {
  const width = commands.reduce((max, command) => Math.max(max, command.meta.name.length), 0);
  return `Usage: tlkit <command> [options]

Thread-local leak detection for TypeScript on Node.js.

Commands:
${commands.map((command) => `  ${command.meta.name.padEnd(width)}    ${command.meta.summary}`).join('\n')}

Options:
  -h, --help       Show help (also: tlkit help <command>, tlkit <command> --help)
  -v, --version    Show the version

Exit codes: 0 nothing found, 1 findings, 2 usage or configuration error.
`;
}

function findCommand(name: string): Command {
  const command = commands.find((candidate) => candidate.meta.name === name);
  if (command === undefined) {
    const names = commands.map((candidate) => candidate.meta.name).join(' or ');
    throw new UsageError(`unknown command: ${name} (expected: ${names}; see tlkit --help)`);
  }
  return command;
}

/**
 * Runs the CLI with the given arguments, writing results to `env.stdout` and diagnostics to
 * `env.stderr`. Never throws for a usage or configuration problem: it reports it and returns 2.
 *
 * @param argv - the arguments after the executable and script (`process.argv.slice(2)`)
 * @param env - output streams and working directory
 * @returns the exit code: 0 clean, 1 findings, 2 usage or configuration error
 */
export async function runCli(argv: readonly string[], env: CliEnvironment): Promise<number> {
  try {
    const [name, ...rest] = argv;
    switch (name) {
      case undefined:
        env.stderr.write(mainHelp());
        return ExitCode.error;
      case '-h':
      case '--help':
        env.stdout.write(mainHelp());
        return ExitCode.clean;
      case 'help': {
        if (rest.length > 1) throw new UsageError(`help: one command expected, got ${rest.length}: ${rest.join(' ')}`);
        env.stdout.write(rest[0] === undefined ? mainHelp() : await commandHelp(findCommand(rest[0]).meta));
        return ExitCode.clean;
      }
      case '-v':
      case '--version':
        env.stdout.write(`${cliVersion()}\n`);
        return ExitCode.clean;
      default: {
        const command = findCommand(name);
        const { values, positionals } = parseCommandArgs(command.meta, rest);
        if (values.help === true) {
          env.stdout.write(await commandHelp(command.meta));
          return ExitCode.clean;
        }
        return await command.run(values, positionals, env);
      }
    }
  } catch (error: unknown) {
    if (error instanceof CliError) {
      // Messages quote arguments and input (file names, report fields): never raw to the terminal.
      env.stderr.write(`${styleFor(env.stderr)(['bold', 'red'], 'tlkit:')} ${escapeControl(error.message)}\n`);
      return ExitCode.error;
    }
    throw error;
  }
}

/**
 * Entry point of the `tlkit` executable: runs {@link runCli} on the process and sets its exit code.
 * An unexpected error (a bug) is printed with its stack and exits with 2.
 *
 * @returns a promise that settles when the command has finished
 */
export async function main(): Promise<void> {
  try {
    process.exitCode = await runCli(process.argv.slice(2), {
      stdout: process.stdout,
      stderr: process.stderr,
      cwd: process.cwd(),
    });
  } catch (error: unknown) {
    process.stderr.write(`tlkit: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = ExitCode.error;
  }
}
