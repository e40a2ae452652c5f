import { minVersion, validRange } from 'semver';

/** The first Node major with `AsyncLocalStorage#withScope` (a `Disposable`, for `using`). */
export const WITH_SCOPE_SINCE_MAJOR = 24;

/**
 * @param range - the Node versions the code targets: a version (`24.1.0`) or a range (`>=22`, the
 *   `engines.node` of its `package.json`).
 * @returns whether every version in the range has `AsyncLocalStorage#withScope`; `false` for a
 *   missing or unparsable range (advice must work on the oldest Node the code may meet).
 */
export function hasWithScope(range: string | undefined): boolean {
  if (range === undefined || validRange(range) === null) return false;
  const lowest = minVersion(range);
  return lowest !== null && lowest.major >= WITH_SCOPE_SINCE_MAJOR;
}
