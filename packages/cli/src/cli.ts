import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checks } from './checks/index.js';
import type { ScanProgress } from './commands/scan.js';
import { scan } from './commands/scan.js';
import { CliError, UsageError } from './errors.js';
import { formatJson } from './scanOutput/json.js';
import { formatSarif } from './scanOutput/sarif.js';
import { formatCount, formatText } from './scanOutput/text.js';
import { cliVersion } from './version.js';

/*
 * The only module that touches the process: arguments, stdout/stderr, the exit code, the working
 * directory. Everything below it (commands, checks, reporters) is pure or takes what it needs as
 * parameters, so it can be tested in-process.
 */

/** A writable text stream: `process.stdout`, `process.stderr`, or a test double. */
export interface OutputStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean | undefined;
}

/** What {@link runCli} needs from its environment. */
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

const MAIN_HELP = `Usage: tlkit <command> [options]

Thread-local leak detection for TypeScript on Node.js.

Commands:
  scan      Whole-program scan of a TypeScript project for thread-local leaks
  report    Render a runtime-audit report (audit.json or audit.jsonl) as text or HTML

Options:
  -h, --help       Show help (also: tlkit <command> --help)
  -v, --version    Show the version

Exit codes: 0 nothing found, 1 findings, 2 usage or configuration error.
`;

const SCAN_HELP = `Usage: tlkit scan [--project tsconfig.json] [--format text|json|sarif] [--output file]

Loads the TypeScript program of a tsconfig and finds, across all its files, thread-locals
(ThreadLocal, InheritableThreadLocal and subclasses from @tlkit/core, AsyncLocalStorage) that leak.

Options:
  -p, --project <path>    tsconfig.json, or a directory holding one (default: tsconfig.json)
  -f, --format <format>   text (default), json or sarif (SARIF 2.1.0, for code scanning)
  -o, --output <file>     Write the report to a file instead of stdout
  -h, --help              Show this help

Checks:
${checks.map((check) => `  ${check.meta.id.padEnd(23)} ${check.meta.shortDescription}`).join('\n')}

Exit codes: 0 no findings, 1 findings, 2 usage or configuration error.
`;

const REPORT_HELP = `Usage: tlkit report <audit.json|audit.jsonl> [--format text|html] [--output file]

Renders runtime-audit reports (@tlkit/runtime-audit): one report (JSON), or a series of reports,
one per line (JSONL; a torn last line is skipped with a warning). Identical findings are merged
with a count. HTML is one self-contained file: a chart of retained bytes over time per ThreadLocal
site and the findings table.

Options:
  -f, --format <format>   text (default) or html
  -o, --output <file>     Write the report to a file instead of stdout
  -h, --help              Show this help

Exit codes: 0 no findings, 1 findings, 2 usage error or input that is not an audit report.
`;

const SCAN_FORMATS = ['text', 'json', 'sarif'] as const;
const REPORT_FORMATS = ['text', 'html'] as const;

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
    const [command, ...rest] = argv;
    switch (command) {
      case undefined:
        env.stderr.write(MAIN_HELP);
        return ExitCode.error;
      case '-h':
      case '--help':
      case 'help':
        env.stdout.write(MAIN_HELP);
        return ExitCode.clean;
      case '-v':
      case '--version':
        env.stdout.write(`${cliVersion()}\n`);
        return ExitCode.clean;
      case 'scan':
        return runScan(rest, env);
      case 'report':
        return await runReport(rest, env);
      default:
        throw new UsageError(`unknown command: ${command} (expected: scan or report; see tlkit --help)`);
    }
  } catch (error: unknown) {
    if (error instanceof CliError) {
      env.stderr.write(`tlkit: ${error.message}\n`);
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

function runScan(args: readonly string[], env: CliEnvironment): number {
  const { values } = parse(args, {
    project: { type: 'string', short: 'p', default: 'tsconfig.json' },
    format: { type: 'string', short: 'f', default: 'text' },
    output: { type: 'string', short: 'o' },
    help: { type: 'boolean', short: 'h', default: false },
  }, 'scan');
  if (values.help === true) {
    env.stdout.write(SCAN_HELP);
    return ExitCode.clean;
  }
  const format = oneOf(values.format, SCAN_FORMATS, '--format');
  const progress = env.stderr.isTTY === true ? progressWriter(env.stderr) : undefined;
  let result;
  try {
    result = scan({
      project: String(values.project),
      cwd: env.cwd,
      ...(progress === undefined ? {} : { onProgress: progress.update }),
    });
  } finally {
    progress?.clear();
  }
  for (const warning of result.warnings) env.stderr.write(`tlkit: warning: ${warning}\n`);
  const context = { baseDir: env.cwd, fileCount: result.fileCount };
  const output =
    format === 'json'
      ? formatJson(result.findings, context, cliVersion())
      : format === 'sarif'
        ? formatSarif(result.findings, checks.map((check) => check.meta), env.cwd, cliVersion())
        : formatText(result.findings, context);
  emit(output, values.output, env);
  // With the report in a file, the count still tells a person at the terminal (or a CI log) the outcome.
  if (typeof values.output === 'string') env.stderr.write(`${formatCount(result.findings, context)}\n`);
  return result.findings.length > 0 ? ExitCode.findings : ExitCode.clean;
}

async function runReport(args: readonly string[], env: CliEnvironment): Promise<number> {
  const { values, positionals } = parse(args, {
    format: { type: 'string', short: 'f', default: 'text' },
    output: { type: 'string', short: 'o' },
    help: { type: 'boolean', short: 'h', default: false },
  }, 'report', true);
  if (values.help === true) {
    env.stdout.write(REPORT_HELP);
    return ExitCode.clean;
  }
  const format = oneOf(values.format, REPORT_FORMATS, '--format');
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'report: missing the audit file (usage: tlkit report <audit.json|audit.jsonl>)'
        : `report: one audit file expected, got ${positionals.length}: ${positionals.join(' ')}`,
    );
  }
  // Loaded on demand: the audit reader pulls in @tlkit/runtime-audit, which a scan never needs.
  const { report } = await import('./commands/report.js');
  const result = report({ input: positionals[0]!, cwd: env.cwd, format });
  for (const warning of result.warnings) env.stderr.write(`tlkit: warning: ${warning}\n`);
  emit(result.output, values.output, env);
  return result.findingCount > 0 ? ExitCode.findings : ExitCode.clean;
}

type OptionsConfig = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** `parseArgs` with its errors turned into usage errors that name the command. */
function parse<O extends OptionsConfig>(args: readonly string[], options: O, command: string, allowPositionals = false) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals });
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error);
    throw new UsageError(`${command}: ${message} (see tlkit ${command} --help)`);
  }
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], flag: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag}: ${String(value)} (expected: ${allowed.join(', ')})`);
}

function emit(output: string, file: string | boolean | undefined, env: CliEnvironment): void {
  if (typeof file !== 'string') {
    env.stdout.write(output);
    return;
  }
  const target = path.resolve(env.cwd, file);
  try {
    writeFileSync(target, output);
  } catch (error: unknown) {
    throw new CliError('OUTPUT', `cannot write ${target}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A one-line progress indicator, rewritten in place, throttled to about ten updates a second. */
function progressWriter(stream: OutputStream): { update: (progress: ScanProgress) => void; clear: () => void } {
  let last = 0;
  let shown = false;
  return {
    update(progress) {
      const now = Date.now();
      const final = progress.phase !== 'index' || progress.done === progress.total;
      if (!final && now - last < 100) return;
      last = now;
      const text =
        progress.phase === 'load'
          ? 'loading project…'
          : progress.phase === 'index'
            ? `indexing ${progress.done}/${progress.total} files`
            : `checking ${progress.checkId}`;
      stream.write(`\r\x1b[Ktlkit: ${text}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
