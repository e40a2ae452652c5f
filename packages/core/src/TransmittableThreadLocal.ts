import { InheritableThreadLocal } from './InheritableThreadLocal.js';
import { afterExecuteOf, beforeExecuteOf, copyValueOf } from './internal/symbols.js';

/**
 * An {@link InheritableThreadLocal} whose value follows each task handed to a {@link ThreadPool}, as
 * Alibaba's `TransmittableThreadLocal` (TTL) in Java.
 *
 * Inheritance copies values when a thread is *constructed*; a pool constructs its threads once, so
 * through inheritance a task sees the values of whoever caused its thread to be created — stale,
 * and often another request's. A transmittable value is instead *captured* when the task is
 * submitted (`execute()`/`submit()`, through {@link TransmittableThreadLocal.copy}), *replayed* on the
 * pool thread for that task only, and the pool thread's own values are *restored* when the task
 * settles (returns, throws, or the promise it returned settles), whatever the task set or removed.
 * For other executors (a job queue, `p-limit`, timers) use {@link Transmitter}.
 *
 * Differs from TTL in that `null` and `undefined` are values like any other (TTL ignores `null` by
 * default), as for every tlkit ThreadLocal; to clear, call `remove()`.
 *
 * @typeParam T - the type of the value
 */
export class TransmittableThreadLocal<T> extends InheritableThreadLocal<T> {
  /**
   * Computes the value a task receives from its submitter's value, at submit time.
   *
   * @param parentValue - the submitting thread's value
   * @returns the task's value; by default the same value (so a mutable object is shared with the task)
   */
  protected copy(parentValue: T): T {
    return parentValue;
  }

  /**
   * Called on the pool thread after the replay, before the task runs, for each transmittable value
   * the task received. An error thrown here goes to the thread's uncaught exception handler; the
   * task still runs.
   */
  protected beforeExecute(): void {}

  /**
   * Called on the pool thread after the task settled, before the restore, for each transmittable
   * value the thread then holds. An error thrown here goes to the thread's uncaught exception
   * handler; the restore still happens.
   */
  protected afterExecute(): void {}

  /** @internal Called by the transmission when it captures this value. */
  [copyValueOf](parentValue: unknown): unknown {
    return this.copy(parentValue as T);
  }

  /** @internal */
  [beforeExecuteOf](): void {
    this.beforeExecute();
  }

  /** @internal */
  [afterExecuteOf](): void {
    this.afterExecute();
  }
}
