/**
 * A value as remembered without keeping it alive: objects by `WeakRef`, long strings by length,
 * other primitives as they are (they retain nothing that matters). Comparing one with a value never
 * runs user code: it is identity (`Object.is`), never equality.
 */
export type Fingerprint = WeakRef<object> | LongString | string | number | bigint | boolean | symbol | null | undefined;

/** Strings longer than this are remembered by length only, so the audit never pins a large one. */
const LONG_STRING = 256;

/** A long string, remembered by its length. */
export class LongString {
  /** @param length - the string's length */
  constructor(readonly length: number) {}
}

/**
 * @param value - any value
 * @returns its fingerprint
 */
export function fingerprint(value: unknown): Fingerprint {
  if ((typeof value === 'object' && value !== null) || typeof value === 'function') return new WeakRef(value);
  if (typeof value === 'string' && value.length > LONG_STRING) return new LongString(value.length);
  return value as Fingerprint;
}

/**
 * @param print - a fingerprint
 * @param value - any value
 * @returns whether `value` is (as far as the fingerprint tells) the value it was taken of
 */
export function matches(print: Fingerprint, value: unknown): boolean {
  // `print` is the audit's own object: `instanceof` on it walks only built-in prototypes.
  if (print instanceof WeakRef) return print.deref() === value;
  if (print instanceof LongString) return typeof value === 'string' && value.length === print.length;
  return Object.is(print, value);
}
