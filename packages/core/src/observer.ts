import type { Thread } from './Thread.js';
import type { ThreadLocal } from './ThreadLocal.js';
import type { ThreadPool } from './ThreadPool.js';
import type { ThreadLocalKey } from './internal/ThreadLocalKey.js';
import { installObserver } from './internal/hooks.js';

export { THREAD_LOCAL_OBSERVER_EVENTS } from './internal/hooks.js';

/** What kind of access reached a thread after it terminated. */
export type LateAccess = 'get' | 'set' | 'remove';

/** A task handed to a {@link ThreadPool}; the same object is passed to every task event. */
export interface PoolTask {
  /** Unique per process, increasing. */
  readonly id: number;
  /** The pool the task was handed to. */
  readonly pool: ThreadPool;
  /** How it was handed over: `execute()` reports failures to the thread, `submit()` to the caller. */
  readonly kind: 'execute' | 'submit';
}

/**
 * Receives the events of the thread-local machinery. Every method is optional. Methods are called
 * synchronously, on the thread (async context) where the event happens, so an observer can capture
 * a stack trace that points at the user's code.
 *
 * An error thrown by a method is contained: the operation that raised the event completes exactly
 * as if the method had returned (a `submit()` still settles with its task's outcome, a failed
 * `execute()` task still reaches the thread's uncaught exception handler, threads still exit and
 * drop their maps, `runWith`/`scope` still restore), and the first error after each
 * {@link setThreadLocalObserver} call is emitted as a process warning, an `ObserverError`
 * (`code: 'ERR_TLKIT_OBSERVER'`) whose `cause` is the thrown value. Later errors of the same
 * installation are not reported: an observer that needs each one must catch them itself.
 */
export interface ThreadLocalObserver {
  /** A ThreadLocal (or subclass) was constructed; `key` outlives it while stale entries remain. */
  threadLocalCreated?(threadLocal: ThreadLocal<unknown>, key: ThreadLocalKey): void;
  /** A thread was started (it is now alive). */
  threadStarted?(thread: Thread): void;
  /** A thread is terminating: called before its map is dropped, so its entries can still be inspected. */
  threadExiting?(thread: Thread): void;
  /** A task was accepted by a pool; called in the submitter's context. */
  taskSubmitted?(task: PoolTask): void;
  /** A pool thread is about to run a task. */
  taskStarted?(thread: Thread, task: PoolTask): void;
  /** A task finished (its promise, if any, settled); `failed` is true when it threw or rejected. */
  taskEnded?(thread: Thread, task: PoolTask, failed: boolean): void;
  /** A value was stored: by `set()` (`initial` false) or from `initialValue()` on a `get()` miss. */
  entrySet?(thread: Thread, threadLocal: ThreadLocal<unknown>, key: ThreadLocalKey, value: unknown, initial: boolean): void;
  /** An entry was removed by `remove()`. */
  entryRemoved?(thread: Thread, threadLocal: ThreadLocal<unknown>, key: ThreadLocalKey): void;
  /** A stale entry was expunged (its ThreadLocal had been collected); the value is released after this call. */
  entryExpunged?(thread: Thread, key: ThreadLocalKey, value: unknown): void;
  /** Code ran `get`/`set`/`remove` on a thread that had already terminated (an escaped callback). */
  terminatedThreadAccess?(thread: Thread, threadLocal: ThreadLocal<unknown>, access: LateAccess): void;
}

/**
 * The name of one {@link ThreadLocalObserver} event (one of its methods), as listed by
 * `THREAD_LOCAL_OBSERVER_EVENTS`: for observers that subscribe to, forward or filter events by name.
 */
export type ThreadLocalObserverEvent = keyof ThreadLocalObserver;

/**
 * The signature of one {@link ThreadLocalObserver} event's method, for code that builds observers
 * generically: `ThreadLocalObserverHook<'taskEnded'>` is `(thread, task, failed) => void`, and
 * `Parameters<ThreadLocalObserverHook<K>>` its arguments.
 *
 * @typeParam K - the event
 */
export type ThreadLocalObserverHook<K extends ThreadLocalObserverEvent> = NonNullable<ThreadLocalObserver[K]>;

/**
 * Installs the observer in the one process-wide slot (per isolate), replacing any previous one.
 * Its methods are read once, here: an event it does not implement costs the hot path one
 * predictable branch and no call, exactly as with no observer (`get` pays nothing either way).
 * To change the methods, install the observer again. Each call also re-arms the one warning
 * that reports an error thrown by an observer method (see {@link ThreadLocalObserver}).
 *
 * @param observer - the observer, or `null` to uninstall
 * @returns the observer that was installed before, so a caller can chain or restore it
 * @throws TypeError when `observer` is neither an object nor `null`, or one of its members is not a function
 */
export function setThreadLocalObserver(observer: ThreadLocalObserver | null): ThreadLocalObserver | null {
  return installObserver(observer);
}
