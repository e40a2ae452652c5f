import { describeThrown } from './internal/describe.js';
import type { ThreadLocalObserverEvent } from './observer.js';

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

/**
 * Emitted, never thrown: the process warning (`process.on('warning', …)`, printed to stderr by
 * default) that reports an error thrown by a method of the installed `ThreadLocalObserver`. Core
 * contains such errors: the operation that raised the event completes as if the method had returned.
 * Only the first error after each `setThreadLocalObserver()` call is reported.
 */
export class ObserverError extends TlkitCoreError {
  /** The observer method that threw, e.g. `'taskEnded'`. */
  readonly event: ThreadLocalObserverEvent;
  /** The thrown value's stack (or description): Node prints a warning's `detail` under its message. */
  readonly detail: string;

  /**
   * @param event - the observer method that threw
   * @param message - what happened and what core did about it
   * @param cause - the value the method threw, kept as the standard `cause`
   */
  constructor(event: ThreadLocalObserverEvent, message: string, cause: unknown) {
    super('ERR_TLKIT_OBSERVER', message, { cause });
    this.event = event;
    this.detail = `Caused by: ${describeThrown(cause)}`;
  }
}
