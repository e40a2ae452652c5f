import { UsageError } from '../errors.js';

const UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

/**
 * Parses a size option: bytes, or a number with a binary unit (`512K`, `64MiB`, `1.5G`; KB, MB
 * and GB count in 1024s as well, as sizes of files are shown).
 *
 * @param value - the option's value
 * @param flag - the option, for the message
 * @returns the size in bytes, a positive integer
 * @throws UsageError when the value is not a positive size
 */
export function parseSize(value: string, flag: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const suffix = match?.[2];
  const unit = suffix === undefined ? undefined : UNITS[suffix.toLowerCase()];
  const bytes = match === null || unit === undefined ? Number.NaN : Math.floor(Number(match[1]) * unit);
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new UsageError(`${flag}: ${value} (expected: a size such as 268435456, 512K, 256MiB or 1G)`);
  }
  return bytes;
}
