import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';

/** A writable text stream: `process.stdout`, `process.stderr`, or a test double. */
export interface OutputStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean | undefined;
  /**
   * For test doubles only: whether to colour what is written here. A real Node stream is asked
   * through `util.styleText`, which applies Node's rules (`NO_COLOR`, `FORCE_COLOR`, a terminal).
   */
  hasColors?(): boolean;
}

/** What a command needs from its environment. */
export interface CliEnvironment {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Directory relative paths (arguments, reported files) are resolved against. */
  readonly cwd: string;
}

/** Exit codes of every command. */
export const ExitCode = {
  /** Nothing found. */
  clean: 0,
  /** Findings were reported. */
  findings: 1,
  /** Usage or configuration error: nothing was checked. */
  error: 2,
} as const;

/** One option of a command, as `node:util`'s `parseArgs` takes it, plus what its help says. */
export interface CommandOption {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly default?: string | boolean;
  /** The value's placeholder in help, e.g. `<path>`; string options only. */
  readonly value?: string;
  /** One line for the help text; the default is appended when there is one. */
  readonly description: string;
}

/** What a command says about itself: the source of its help text and of its argument parsing. */
export interface CommandMeta {
  readonly name: string;
  /** One line, for the list of commands in `tlkit --help`. */
  readonly summary: string;
  /** The usage line after `tlkit`, e.g. `scan [--project tsconfig.json]`. */
  readonly usage: string;
  /** A paragraph under the usage line. */
  readonly description: string;
  readonly options: Readonly<Record<string, CommandOption>>;
  /** Whether the command takes positional arguments. */
  readonly positionals: boolean;
  /** Text after the options (lists, exit codes); a function when it needs a module loaded on demand. */
  readonly epilogue: string | (() => Promise<string>);
}

/** A command: its metadata and what it does. Each command file exports one; `commands/index.ts` lists them. */
export interface Command {
  readonly meta: CommandMeta;
  /**
   * Runs the command. `--help` is handled by the caller from {@link CommandMeta}.
   *
   * @param values - the parsed options
   * @param positionals - the positional arguments
   * @param env - output streams and working directory
   * @returns the exit code
   * @throws CliError for a usage or configuration problem (exit 2)
   */
  run(values: ParsedValues, positionals: readonly string[], env: CliEnvironment): Promise<number>;
}

/** Option values as `parseArgs` returns them. */
export type ParsedValues = Readonly<Record<string, string | boolean | undefined>>;

/**
 * Parses a command's arguments with `node:util`'s `parseArgs` from its own option table; a
 * malformed command line becomes a {@link UsageError} that names the command.
 *
 * @param meta - the command
 * @param args - the arguments after the command name
 * @returns the option values and positionals
 * @throws UsageError for an unknown flag, a missing value or an unexpected positional
 */
export function parseCommandArgs(meta: CommandMeta, args: readonly string[]): { values: ParsedValues; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; default?: string | boolean }> = {};
  for (const [name, option] of Object.entries(meta.options)) {
    options[name] = {
      type: option.type,
      ...(option.short === undefined ? {} : { short: option.short }),
      ...(option.default === undefined ? {} : { default: option.default }),
    };
  }
  try {
    const { values, positionals } = parseArgs({ args: args.slice(), options, strict: true, allowPositionals: meta.positionals });
    return { values, positionals };
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error);
    throw new UsageError(`${meta.name}: ${message} (see tlkit ${meta.name} --help)`);
  }
}

/**
 * The help text of a command, derived from its metadata.
 *
 * @param meta - the command
 * @returns the help, ending with a newline
 */
export async function commandHelp(meta: CommandMeta): Promise<string> {
  const rows = Object.entries(meta.options).map(([name, option]) => {
    const flags = `${option.short === undefined ? '    ' : `-${option.short}, `}--${name}${option.value === undefined ? '' : ` ${option.value}`}`;
    const fallback = typeof option.default === 'string' ? ` (default: ${option.default})` : '';
    return [flags, `${option.description}${fallback}`] as const;
  });
  const width = rows.reduce((max, [flags]) => Math.max(max, flags.length), 0);
  const epilogue = typeof meta.epilogue === 'string' ? meta.epilogue : await meta.epilogue();
  return [
    `Usage: tlkit ${meta.usage}`,
    '',
    meta.description,
    '',
    'Options:',
    ...rows.map(([flags, text]) => `  ${flags.padEnd(width)}  ${text}`),
    '',
    epilogue.trimEnd(),
    '',
  ].join('\n');
}

/**
 * The value of an option that must be one of a registry's names.
 *
 * @param value - the parsed value
 * @param allowed - the allowed names
 * @param flag - the flag, for the message
 * @returns the value, typed
 * @throws UsageError when the value is not allowed
 */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], flag: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag}: ${String(value)} (expected: ${allowed.join(', ')})`);
}
