/**
 * Base class of every error thrown by `@tlkit/core`. The `code` is stable across releases,
 * so callers can branch on it without matching message text.
 */
export class TlkitCoreError extends Error {
  /** A stable, machine-readable identifier of the failure. */
  readonly code: string;

  /**
   * @param code - stable identifier, `ERR_TLKIT_…`
   * @param message - human-readable explanation
   * @param options - standard `ErrorOptions` (`cause`)
   */
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * Thrown when a task is handed to a {@link ThreadPool} that has been shut down: `execute()` throws it,
 * `submit()` returns a promise rejected with it. Java's `RejectedExecutionException`.
 */
export class RejectedExecutionError extends TlkitCoreError {
  /** @param message - what was rejected and why */
  constructor(message: string) {
    super('ERR_TLKIT_REJECTED_EXECUTION', message);
  }
}

/**
 * Thrown when a thread operation does not fit the thread's state, such as calling `start()` twice.
 * Java's `IllegalThreadStateException`.
 */
export class IllegalThreadStateError extends TlkitCoreError {
  /** @param message - the operation and the state it met */
  constructor(message: string) {
    super('ERR_TLKIT_ILLEGAL_THREAD_STATE', message);
  }
}

/**
 * Thrown when an object is used in a state that does not allow the call, such as running a
 * transmitting wrapper whose captured values were released. Java's `IllegalStateException`.
 */
export class IllegalStateError extends TlkitCoreError {
  /** @param message - the operation and the state it met */
  constructor(message: string) {
    super('ERR_TLKIT_ILLEGAL_STATE', message);
  }
}
