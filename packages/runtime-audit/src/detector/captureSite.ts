import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Frames captured per site: enough to get past core's and the audit's own frames. */
const CAPTURE_DEPTH = 24;

/** Directories whose frames are never a user's site: core, and this package's non-test code. */
const corePackageDir = packageDirOf(createRequire(import.meta.url).resolve('@tlkit/core'));
const ownPackageDir = packageDirOf(fileURLToPath(import.meta.url));

/** Matches `at fn (location)` and `at location`; the location ends in `:line:col`. */
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

/**
 * Captures the call site of the user code that triggered the current observer event: the first
 * stack frame outside `@tlkit/core`, this package (its tests excepted) and Node's internals.
 * `file://` URLs become paths. Costs one `Error.captureStackTrace`, a few microseconds: levels call
 * it only where they promise stack sites.
 *
 * @returns `file:line:col`, or `undefined` when no user frame is on the stack
 */
export function captureSite(): string | undefined {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = CAPTURE_DEPTH;
  try {
    Error.captureStackTrace(holder, captureSite);
  } finally {
    Error.stackTraceLimit = limit;
  }
  return firstUserFrame(holder.stack ?? '');
}

/**
 * @param stack - an `Error#stack` string
 * @returns the first frame outside core, this package and Node, as `file:line:col`
 */
export function firstUserFrame(stack: string): string | undefined {
  for (const line of stack.split('\n')) {
    const match = FRAME.exec(line);
    if (match === null) continue;
    let file = match[1] as string;
    if (file.startsWith('node:') || file === 'native' || file.startsWith('<anonymous>')) continue;
    if (file.startsWith('file://')) {
      try {
        file = fileURLToPath(file);
      } catch {
        continue;
      }
    }
    if (isLibraryFile(file)) continue;
    return `${file}:${match[2]}:${match[3]}`;
  }
  return undefined;
}

function isLibraryFile(file: string): boolean {
  if (file.startsWith(corePackageDir)) return true;
  if (!file.startsWith(`${ownPackageDir}src${sep}`) && !file.startsWith(`${ownPackageDir}dist${sep}`)) return false;
  // This package's own tests and fixtures are user code as far as sites go.
  return !/\.test\.[cm]?[jt]s$/.test(file) && !file.includes(`${sep}fixtures${sep}`);
}

/** The package directory of a file in `<pkg>/src/…` or `<pkg>/dist/…`, with a trailing separator. */
function packageDirOf(file: string): string {
  let dir = dirname(file);
  while (!/[\\/](src|dist)$/.test(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dirname(dir) + sep;
}
