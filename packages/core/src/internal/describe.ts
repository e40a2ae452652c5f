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

/**
 * Renders a thrown value for a report: its stack when it is an `Error`, a short description
 * otherwise. Never throws, whatever the value's getters or proxy traps do: it runs while core is
 * already handling an error.
 */
export function describeThrown(error: unknown): string {
  try {
    if (error instanceof Error && typeof error.stack === 'string') return error.stack;
    return describeValue(error);
  } catch {
    return '(a thrown value that could not be described)';
  }
}
