import type { LateAccess, PoolTask, ThreadLocalObserver } from '../observer.js';
import type { Thread } from '../Thread.js';
import type { ThreadLocal } from '../ThreadLocal.js';
import { badArgument } from './describe.js';
import type { ThreadLocalKey } from './ThreadLocalKey.js';

/**
 * The names of every `ThreadLocalObserver` event, for observers that forward or filter
 * events generically (chaining to a previous observer, enabling a subset per level).
 */
export const THREAD_LOCAL_OBSERVER_EVENTS = [
  'threadLocalCreated',
  'threadStarted',
  'threadExiting',
  'taskSubmitted',
  'taskStarted',
  'taskEnded',
  'entrySet',
  'entryRemoved',
  'entryExpunged',
  'terminatedThreadAccess',
] as const satisfies readonly (keyof ThreadLocalObserver)[];

/**
 * Gives call sites an observer with every method present, so they need one `null` check and no
 * per-method one. A class with a fixed shape (rather than an object of bound functions) keeps the
 * calls monomorphic and inlinable, and calls the user's methods with the user's object as `this`.
 */
export class ObserverAdapter {
  readonly #target: ThreadLocalObserver;

  constructor(target: ThreadLocalObserver) {
    this.#target = target;
  }

  threadLocalCreated(threadLocal: ThreadLocal<unknown>, key: ThreadLocalKey): void {
    this.#target.threadLocalCreated?.(threadLocal, key);
  }

  threadStarted(thread: Thread): void {
    this.#target.threadStarted?.(thread);
  }

  threadExiting(thread: Thread): void {
    this.#target.threadExiting?.(thread);
  }

  taskSubmitted(task: PoolTask): void {
    this.#target.taskSubmitted?.(task);
  }

  taskStarted(thread: Thread, task: PoolTask): void {
    this.#target.taskStarted?.(thread, task);
  }

  taskEnded(thread: Thread, task: PoolTask, failed: boolean): void {
    this.#target.taskEnded?.(thread, task, failed);
  }

  entrySet(thread: Thread, threadLocal: ThreadLocal<unknown>, key: ThreadLocalKey, value: unknown, initial: boolean): void {
    this.#target.entrySet?.(thread, threadLocal, key, value, initial);
  }

  entryRemoved(thread: Thread, threadLocal: ThreadLocal<unknown>, key: ThreadLocalKey): void {
    this.#target.entryRemoved?.(thread, threadLocal, key);
  }

  entryExpunged(thread: Thread, key: ThreadLocalKey, value: unknown): void {
    this.#target.entryExpunged?.(thread, key, value);
  }

  terminatedThreadAccess(thread: Thread, threadLocal: ThreadLocal<unknown>, access: LateAccess): void {
    this.#target.terminatedThreadAccess?.(thread, threadLocal, access);
  }
}

/**
 * The one observer slot. Hot paths read it once and branch on `null`; a module-level binding is a
 * plain context-slot load in V8, cheaper than a property on a shared object.
 */
export let observer: ObserverAdapter | null = null;
let installed: ThreadLocalObserver | null = null;

/** See `setThreadLocalObserver` in observer.ts, the public entry point. */
export function installObserver(next: ThreadLocalObserver | null): ThreadLocalObserver | null {
  if (next !== null && (typeof next !== 'object' || Array.isArray(next))) {
    throw new TypeError(badArgument('observer', next, 'an object implementing ThreadLocalObserver, or null'));
  }
  if (next !== null) {
    for (const name of THREAD_LOCAL_OBSERVER_EVENTS) {
      const method: unknown = next[name];
      if (method !== undefined && typeof method !== 'function') {
        throw new TypeError(badArgument(`observer.${name}`, method, 'a function or undefined'));
      }
    }
  }
  const previous = installed;
  installed = next;
  observer = next === null ? null : new ObserverAdapter(next);
  return previous;
}
