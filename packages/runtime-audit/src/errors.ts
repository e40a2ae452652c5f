import { inspect } from 'node:util';

/**
 * Base class of every error thrown by `@tlkit/runtime-audit`. The `code` is stable across
 * releases, so callers can branch on it without matching message text.
 */
export class TlkitAuditError extends Error {
  /** A stable, machine-readable identifier of the failure. */
  readonly code: string;

  /**
   * @param code - stable identifier, `ERR_TLKIT_AUDIT_…`
   * @param message - human-readable explanation
   * @param options - standard `ErrorOptions` (`cause`)
   */
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Thrown when `scan()` is called on an audit that has been stopped. */
export class AuditStoppedError extends TlkitAuditError {
  /** @param message - what was attempted */
  constructor(message: string) {
    super('ERR_TLKIT_AUDIT_STOPPED', message);
  }
}

/**
 * Builds the message of an argument-check error in the project's one wording,
 * `name: value (expected: …)`, safe for any value.
 *
 * @param name - the argument or option path
 * @param value - the value received
 * @param expected - what would have been accepted
 * @returns the message
 */
export function badArgument(name: string, value: unknown, expected: string): string {
  const shown =
    typeof value === 'function'
      ? `[function ${(value as { name?: string }).name || 'anonymous'}]`
      : inspect(value, { depth: 0, breakLength: Infinity, maxStringLength: 40, maxArrayLength: 5 });
  return `${name}: ${shown} (expected: ${expected})`;
}
