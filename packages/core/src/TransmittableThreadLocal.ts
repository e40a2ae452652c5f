import { InheritableThreadLocal } from './InheritableThreadLocal.js';
import { carrier } from './internal/carrier.js';
import { badArgument } from './internal/describe.js';
import { onEntryRemoved, onEntrySet, onTerminatedThreadAccess } from './internal/hooks.js';
import { isThenable } from './internal/isThenable.js';
import { afterExecuteOf, beforeExecuteOf, copyValueOf } from './internal/symbols.js';
import type { ThreadLocalKey } from './internal/ThreadLocalKey.js';
import {
  CHILD_VALUES,
  COPIES,
  frameWith,
  frameWithout,
  HOOKS,
  putFrame,
  type TransmittableFrame,
} from './internal/TransmittableFrame.js';
import type { LateAccess } from './observer.js';
import { mainThread, Thread } from './Thread.js';
import { ThreadLocal } from './ThreadLocal.js';

/** Marks "no entry" in a saved state; private to this module, so never a user value. */
const ABSENT: unique symbol = Symbol('tlkit.transmittable.absent');
type Saved<T> = T | typeof ABSENT;

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
 * default), as for every tlkit ThreadLocal; to clear, call `remove()`. And in how values are kept:
 * a thread's transmittable values form one immutable frame, replaced on each `set()`/`remove()`
 * (O(number of values)), so that capture, replay and restore cost O(1) per task whatever their number.
 *
 * @typeParam T - the type of the value
 */
export class TransmittableThreadLocal<T> extends InheritableThreadLocal<T> {
  /**
   * Creates a transmittable thread-local whose initial value on each thread comes from `supplier`.
   *
   * @param supplier - called on a thread's first `get()` with no value (and again after `remove()`)
   * @returns a new transmittable thread-local
   * @throws TypeError when `supplier` is not a function
   */
  static override withInitial<S>(supplier: () => S): TransmittableThreadLocal<S> {
    if (typeof supplier !== 'function') {
      throw new TypeError(badArgument('supplier', supplier, 'a function'));
    }
    return new SuppliedTransmittableThreadLocal(supplier);
  }

  readonly #key: ThreadLocalKey;
  /** Which of copy/hooks/childValue this class overrides: frames skip the calls when none does. */
  readonly #flags: number;

  /** Creates a transmittable thread-local with no value on any thread yet. */
  constructor() {
    super();
    this.#key = ThreadLocal.keyOf(this);
    const base = TransmittableThreadLocal.prototype as unknown as Record<'copy' | 'beforeExecute' | 'afterExecute' | 'childValue', unknown>;
    const own = this as unknown as typeof base;
    this.#flags =
      (own.copy !== base.copy ? COPIES : 0) |
      (own.beforeExecute !== base.beforeExecute || own.afterExecute !== base.afterExecute ? HOOKS : 0) |
      (own.childValue !== base.childValue ? CHILD_VALUES : 0);
  }

  /**
   * Returns the current thread's value — in a pool task, the value captured from its submitter.
   * With none, calls `initialValue()` once and stores its result.
   *
   * @returns the current thread's value
   */
  override get(): T {
    const thread = carrier.getStore() ?? mainThread;
    const frame = thread.transmitted;
    if (frame !== null) {
      const index = frame.indexOf(this.#key);
      if (index >= 0) return frame.entries[index + 1] as T;
    }
    return this.#getSlow(thread);
  }

  /**
   * Sets the current thread's value; a task submitted from now on receives `copy(value)`.
   *
   * @param value - the value this thread sees until it is set again or removed
   */
  override set(value: T): void {
    this.#setOn(Thread.currentThread(), value);
  }

  /** Removes the current thread's value; tasks submitted from now on receive none. */
  override remove(): void {
    this.#removeOn(Thread.currentThread());
  }

  /**
   * As {@link ThreadLocal.runWith}: `value` during `fn`, then the previous state, on this thread.
   *
   * @param value - the value during `fn` (and for tasks submitted during `fn`)
   * @param fn - the work to run
   * @returns what `fn` returns; for a promise, a promise of the same outcome that settles after the restore
   * @throws TypeError when `fn` is not a function; otherwise rethrows what `fn` throws
   */
  override runWith<R>(value: T, fn: () => R): R {
    if (typeof fn !== 'function') {
      throw new TypeError(badArgument('fn', fn, 'a function'));
    }
    const thread = Thread.currentThread();
    const saved = this.#save(thread);
    this.#setOn(thread, value);
    let result: R;
    try {
      result = fn();
    } catch (error) {
      this.#restore(thread, saved);
      throw error;
    }
    if (!isThenable(result)) {
      this.#restore(thread, saved);
      return result;
    }
    return Promise.resolve(result).then(
      (settled) => {
        this.#restore(thread, saved);
        return settled;
      },
      (error: unknown) => {
        this.#restore(thread, saved);
        throw error;
      },
    ) as R;
  }

  /**
   * As {@link ThreadLocal.scope}: sets `value` until the returned handle is disposed.
   *
   * @param value - the value until the handle is disposed
   * @returns a `Disposable` that restores the state found at the call, on the same thread
   */
  override scope(value: T): Disposable {
    const thread = Thread.currentThread();
    const saved = this.#save(thread);
    this.#setOn(thread, value);
    let open = true;
    return {
      [Symbol.dispose]: () => {
        if (!open) return;
        open = false;
        this.#restore(thread, saved);
      },
    };
  }

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

  /** A `get()` that found no value: terminated threads, first access, initial values. */
  #getSlow(thread: Thread): T {
    const late = this.#late(thread, 'get');
    if (late) {
      const frame = thread.lateTransmitted;
      const index = frame === null ? -1 : frame.indexOf(this.#key);
      if (frame !== null && index >= 0) return frame.entries[index + 1] as T;
    }
    const value = this.initialValue();
    this.#store(thread, value, late);
    if (onEntrySet !== null) onEntrySet(thread, this, this.#key, value, true);
    return value;
  }

  #setOn(thread: Thread, value: T): void {
    this.#store(thread, value, this.#late(thread, 'set'));
    if (onEntrySet !== null) onEntrySet(thread, this, this.#key, value, false);
  }

  #store(thread: Thread, value: T, late: boolean): void {
    if (late) {
      thread.lateTransmitted = frameWith(thread.lateTransmitted, this.#key, value, this.#flags, thread);
    } else {
      putFrame(thread, frameWith(thread.transmitted, this.#key, value, this.#flags, thread));
    }
  }

  #removeOn(thread: Thread): void {
    const late = this.#late(thread, 'remove');
    const frame = late ? thread.lateTransmitted : thread.transmitted;
    if (frame === null || frame.indexOf(this.#key) < 0) return;
    const next = frameWithout(frame, this.#key, thread);
    if (late) thread.lateTransmitted = next;
    else putFrame(thread, next);
    if (onEntryRemoved !== null) onEntryRemoved(thread, this, this.#key);
  }

  /**
   * Whether the access comes from code still running on a terminated thread (an escaped callback),
   * as the map decides for plain ThreadLocals; such accesses are reported and kept apart.
   */
  #late(thread: Thread, access: LateAccess): boolean {
    if (thread.transmitted !== null || thread.isAlive()) return false;
    if (onTerminatedThreadAccess !== null) onTerminatedThreadAccess(thread, this, access);
    return true;
  }

  #save(thread: Thread): Saved<T> {
    const frame: TransmittableFrame | null = thread.transmitted ?? thread.lateTransmitted;
    const index = frame === null ? -1 : frame.indexOf(this.#key);
    return frame === null || index < 0 ? ABSENT : (frame.entries[index + 1] as T);
  }

  #restore(thread: Thread, saved: Saved<T>): void {
    if (saved === ABSENT) this.#removeOn(thread);
    else this.#setOn(thread, saved);
  }
}

/** The transmittable thread-local returned by {@link TransmittableThreadLocal.withInitial}. */
class SuppliedTransmittableThreadLocal<T> extends TransmittableThreadLocal<T> {
  readonly #supplier: () => T;

  constructor(supplier: () => T) {
    super();
    this.#supplier = supplier;
  }

  protected override initialValue(): T {
    return this.#supplier();
  }
}
