import { carrier } from './internal/carrier.js';
import { badArgument } from './internal/describe.js';
import { ISOLATE_BOUND } from './internal/isolateBound.js';
import { isThenable } from './internal/isThenable.js';
import { onEntryRemoved, onEntrySet, onTerminatedThreadAccess, onThreadLocalCreated } from './internal/hooks.js';
import { childValueOf, removeFromThread, setOnThread } from './internal/symbols.js';
import { ThreadLocalKey } from './internal/ThreadLocalKey.js';
import { ThreadLocalMap } from './internal/ThreadLocalMap.js';
import type { LateAccess } from './observer.js';
import { mainThread, Thread } from './Thread.js';

/** Marks "no entry" in a saved state; never a user value, since the symbol is private to this module. */
const ABSENT: unique symbol = Symbol('tlkit.absent');
type Saved<T> = T | typeof ABSENT;

/**
 * A variable with one independent value per logical {@link Thread}, as Java's `java.lang.ThreadLocal`.
 *
 * Create thread-locals once (a module-level `const` or a `static readonly` field) and pair every
 * `set()` with a `remove()` in a `finally` — or use {@link ThreadLocal.runWith} / {@link ThreadLocal.scope},
 * which do the pairing. A value left on a pooled thread is seen by the next task on that thread and
 * stays reachable as long as the thread lives: the leak tlkit exists to catch.
 *
 * @typeParam T - the type of the value
 */
export class ThreadLocal<T> {
  /**
   * Creates a thread-local whose initial value on each thread comes from `supplier`.
   *
   * @param supplier - called on a thread's first `get()` with no entry (and again after `remove()`)
   * @returns a new thread-local
   * @throws TypeError when `supplier` is not a function
   */
  static withInitial<S>(supplier: () => S): ThreadLocal<S> {
    if (typeof supplier !== 'function') {
      throw new TypeError(badArgument('supplier', supplier, 'a function'));
    }
    return new SuppliedThreadLocal(supplier);
  }

  /** @internal Used by inspection to relate a ThreadLocal to the entries keyed by it. */
  static keyOf(threadLocal: ThreadLocal<unknown>): ThreadLocalKey {
    return threadLocal.#key;
  }

  readonly #key: ThreadLocalKey;
  /** Copy of `#key.slot`, so the fast path computes the home slot without loading the key first. */
  readonly #slotHash: number;
  /**
   * Makes `structuredClone`/`postMessage` throw a `DataCloneError` instead of copying this object
   * as `{}`. Assigned in the constructor after the fields the hot path reads, not as a field
   * initializer: an initializer runs before them, and on Node 24 that instance layout made `set()`
   * measurably slower (median 1.04× against 0.93× of `getStore()` + `Map.set`, 5 runs each).
   * @internal
   */
  declare readonly isolateBound: symbol;

  /** Creates a thread-local with no value on any thread yet. */
  constructor() {
    // Inheritable subclasses carry the `childValueOf` method on their prototype, already in place here.
    this.#key = new ThreadLocalKey(this, childValueOf in this);
    this.#slotHash = this.#key.slot;
    (this as { isolateBound: symbol }).isolateBound = ISOLATE_BOUND.threadLocal;
    if (onThreadLocalCreated !== null) onThreadLocalCreated(this, this.#key);
  }

  /**
   * Returns the current thread's value. With no entry, calls {@link ThreadLocal.initialValue} once,
   * stores its result directly (never through an overridden `set()`) and returns it.
   *
   * @returns the current thread's value
   */
  get(): T {
    // `Thread.currentThread()` inlined by hand: measured faster here (A/B under the same load,
    // median 1.18× vs 1.31× of a bare getStore()), V8 not always inlining the static call.
    const thread = carrier.getStore() ?? mainThread;
    const key = this.#key;
    // The thread's one-entry cache: a repeated get() costs two loads and a compare after getStore().
    if (thread.cachedKey === key) return thread.cachedValue as T;
    const map = thread.threadLocals;
    if (map !== null) {
      let table = map.table;
      let index = this.#slotHash & (table.length - 2);
      if (table[index] !== key) {
        index = map.indexAfterMiss(key, index);
        // The miss path may expunge stale entries and so replace the table: read it again.
        table = map.table;
      }
      if (index >= 0) {
        const value = table[index + 1];
        thread.cachedKey = key;
        thread.cachedValue = value;
        return value as T;
      }
    }
    return this.#getSlow(thread);
  }

  /**
   * Sets the current thread's value. `undefined` and `null` are values like any other; to clear the
   * entry, call {@link ThreadLocal.remove}.
   *
   * @param value - the value this thread sees until it is set again or removed
   */
  set(value: T): void {
    this.#setOn(carrier.getStore() ?? mainThread, value);
  }

  /**
   * Removes the current thread's entry: the value is released, and the next `get()` calls
   * {@link ThreadLocal.initialValue} again. Removing an absent entry does nothing.
   */
  remove(): void {
    this.#removeOn(Thread.currentThread());
  }

  /**
   * Runs `fn` with this thread-local set to `value` on the current thread, then restores the state
   * it found — the previous value, or no entry — when `fn` returns, throws, or the promise it
   * returns settles. The restore is done on the thread `runWith` was called on.
   *
   * While an async `fn` is pending, other continuations on the same thread see `value` too: the
   * value belongs to the thread, not to the call chain.
   *
   * @param value - the value during `fn`
   * @param fn - the work to run
   * @returns what `fn` returns; for a promise, a promise of the same outcome that settles after the restore
   * @throws TypeError when `fn` is not a function; otherwise rethrows what `fn` throws
   */
  runWith<R>(value: T, fn: () => R): R {
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
    if (isThenable(result)) {
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
    this.#restore(thread, saved);
    return result;
  }

  /**
   * Sets `value` on the current thread and returns a handle that restores the previous state when
   * disposed: `using _ = tl.scope(value);`. Disposing twice does nothing.
   *
   * @param value - the value until the handle is disposed
   * @returns a `Disposable` that restores the state found at the call, on the same thread
   */
  scope(value: T): Disposable {
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
   * The value a thread sees before its first `set()` (and after `remove()`). Override it, or use
   * {@link ThreadLocal.withInitial}. Called at most once per `get()` miss.
   *
   * @returns `undefined`, unless overridden
   */
  protected initialValue(): T {
    return undefined as T;
  }

  /** @internal Sets `thread`'s value, for the transmission (which may run off that thread's context). */
  [setOnThread](thread: Thread, value: unknown): void {
    this.#setOn(thread, value as T);
  }

  /** @internal Removes `thread`'s entry, for the transmission. */
  [removeFromThread](thread: Thread): void {
    this.#removeOn(thread);
  }

  #setOn(thread: Thread, value: T): void {
    const key = this.#key;
    const map = thread.threadLocals;
    if (map !== null) {
      const table = map.table;
      const index = this.#slotHash & (table.length - 2);
      if (table[index] === key) {
        table[index + 1] = value;
      } else {
        map.set(key, value);
      }
      // Empty the thread's read cache rather than compare and update it: two constant stores
      // cost less than the compare on the set() path (measured), and the next get() refills it.
      thread.cachedKey = null;
      thread.cachedValue = null;
    } else {
      this.#writableMap(thread, 'set').set(key, value);
    }
    if (onEntrySet !== null) onEntrySet(thread, this, key, value, false);
  }

  #removeOn(thread: Thread): void {
    const map = this.#readableMap(thread, 'remove');
    if (map !== null && map.remove(this.#key) && onEntryRemoved !== null) {
      onEntryRemoved(thread, this, this.#key);
    }
  }

  /** A `get()` that missed on the fast path: terminated threads, first access, initial values. */
  #getSlow(thread: Thread): T {
    if (thread.threadLocals === null) {
      const late = this.#readableMap(thread, 'get');
      const index = late === null ? -1 : late.indexOf(this.#key);
      if (late !== null && index >= 0) return late.table[index + 1] as T;
    }
    const value = this.initialValue();
    // initialValue() may have used other thread-locals and so created or resized the map: look again.
    this.#writableMap(thread, null).set(this.#key, value);
    if (onEntrySet !== null) onEntrySet(thread, this, this.#key, value, true);
    return value;
  }

  /** The map to read, or `null`; reports (and serves) accesses from code on a terminated thread. */
  #readableMap(thread: Thread, access: LateAccess): ThreadLocalMap | null {
    const map = thread.threadLocals;
    if (map !== null || thread.isAlive()) return map;
    if (onTerminatedThreadAccess !== null) onTerminatedThreadAccess(thread, this, access);
    return thread.lateThreadLocals;
  }

  /** The map to write, created on first use; `access` is `null` when the access was already reported. */
  #writableMap(thread: Thread, access: LateAccess | null): ThreadLocalMap {
    if (thread.threadLocals !== null) return thread.threadLocals;
    if (thread.isAlive()) return (thread.threadLocals = new ThreadLocalMap(thread));
    if (access !== null && onTerminatedThreadAccess !== null) onTerminatedThreadAccess(thread, this, access);
    return (thread.lateThreadLocals ??= new ThreadLocalMap(thread));
  }

  #save(thread: Thread): Saved<T> {
    const map = thread.threadLocals ?? thread.lateThreadLocals;
    const index = map === null ? -1 : map.indexOf(this.#key);
    return map === null || index < 0 ? ABSENT : (map.table[index + 1] as T);
  }

  #restore(thread: Thread, saved: Saved<T>): void {
    if (saved === ABSENT) {
      this.#removeOn(thread);
    } else {
      this.#setOn(thread, saved);
    }
  }
}

/** The thread-local returned by {@link ThreadLocal.withInitial}. */
class SuppliedThreadLocal<T> extends ThreadLocal<T> {
  readonly #supplier: () => T;

  constructor(supplier: () => T) {
    super();
    this.#supplier = supplier;
  }

  protected override initialValue(): T {
    return this.#supplier();
  }
}
