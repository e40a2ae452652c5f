import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CliError } from '../errors.js';
import type { CliEnvironment } from './Command.js';

/**
 * Writes a command's output to stdout, or to `--output` when given.
 *
 * @param output - the rendered output
 * @param file - the `--output` value, if any
 * @param env - stdout and the directory `file` is resolved against
 * @throws CliError when the file cannot be written
 */
export function emit(output: string, file: string | boolean | undefined, env: CliEnvironment): void {
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
