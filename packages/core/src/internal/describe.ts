import { inspect } from 'node:util';

/**
 * Renders a bad argument for an error message (`name: value (expected: …)`): short, single-line,
 * and safe for any value, including proxies and objects whose `toString` throws.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
  return inspect(value, { depth: 0, breakLength: Infinity, maxStringLength: 40, maxArrayLength: 5 });
}

/** Builds the message of an argument-check error in the project's one wording. */
export function badArgument(name: string, value: unknown, expected: string): string {
  return `${name}: ${describeValue(value)} (expected: ${expected})`;
}
