import { runCli } from '../cli.js';

/** Output of one in-process CLI run. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI in-process with string buffers for stdout and stderr.
 *
 * @param argv - the arguments after `tlkit`
 * @param cwd - working directory of the run
 * @param options - `tty: true` makes stderr look like a terminal (progress indicator on)
 * @returns exit code and captured output
 */
export async function runCliCapture(argv: readonly string[], cwd: string, options: { tty?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    cwd,
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: options.tty ?? false },
  });
  return { code, stdout, stderr };
}
