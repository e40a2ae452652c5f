import { inspect } from 'node:util';
import { IllegalThreadStateError } from './errors.js';
import { carrier } from './internal/carrier.js';
import { badArgument } from './internal/describe.js';
import { ISOLATE_BOUND } from './internal/isolateBound.js';
import { onThreadExiting, onThreadStarted } from './internal/hooks.js';
import { addLiveThread, removeLiveThread } from './internal/liveThreads.js';
import { inheritFrame, putFrame, type TransmittableFrame } from './internal/TransmittableFrame.js';
import type { ThreadLocalKey } from './internal/ThreadLocalKey.js';
import { ThreadLocalMap } from './internal/ThreadLocalMap.js';

/** Options of a new {@link Thread}. */
export interface ThreadOptions {
  /** The thread's name; default `Thread-N` as in Java. */
  name?: string;
  /** Copy InheritableThreadLocal values from the constructing thread; default `true`. */
  inheritThreadLocals?: boolean;
}

/**
 * Called with an error that a thread's task threw (or the promise it returned rejected with), as
 * Java's `Thread.UncaughtExceptionHandler`.
 */
export type UncaughtExceptionHandler = (thread: Thread, error: unknown) => void;

type ThreadState = 'new' | 'runnable' | 'terminated';

let nextThreadId = 1;
let nextThreadNumber = 0;
let defaultHandler: UncaughtExceptionHandler | null = null;
/**
 * The isolate's main thread; assigned by Thread's static block, before any other code can run.
 * Exported (not from the package) for ThreadLocal's hot path, which inlines `currentThread()`.
 * @internal
 */
export let mainThread: Thread;
/** True only while the static block builds `main`, which has no parent to inherit from. */
let bootingMain = true;

/**
 * A logical thread: an object bound to an async call chain. Everything that runs in the chain a
 * started thread's task begins — across `await`, timers, promise callbacks — sees the same
 * {@link Thread.currentThread}. Code outside every started thread runs on the isolate's `main` thread.
 *
 * Differs from Java's `Thread` in that several logical threads interleave on Node's one event loop:
 * a thread is a unit of identity and isolation for thread-local state, not of parallelism.
 */
export class Thread {
  /**
   * Returns the thread the caller runs on.
   *
   * @returns the thread bound to the current async context, or the isolate's `main` thread
   */
  static currentThread(): Thread {
    return carrier.getStore() ?? mainThread;
  }

  /**
   * Sets the handler for errors escaping any thread that has no handler of its own. With none, the
   * error is printed to stderr, as in Java.
   *
   * @param handler - the handler, or `null` for the default
   * @throws TypeError when `handler` is neither a function nor `null`
   */
  static setDefaultUncaughtExceptionHandler(handler: UncaughtExceptionHandler | null): void {
    if (handler !== null && typeof handler !== 'function') {
      throw new TypeError(badArgument('handler', handler, 'a function or null'));
    }
    defaultHandler = handler;
  }

  /** @returns the handler set by {@link Thread.setDefaultUncaughtExceptionHandler}, or `null` */
  static getDefaultUncaughtExceptionHandler(): UncaughtExceptionHandler | null {
    return defaultHandler;
  }

  /** Unique within the isolate, increasing; `main` is 1. */
  readonly id: number;
  /** The name shown in reports and error output. */
  name: string;

  /**
   * This thread's values. `null` until the first ThreadLocal access, and again after termination
   * (Java's `Thread.exit`). ThreadLocal's hot path reads this field directly.
   * @internal
   */
  threadLocals: ThreadLocalMap | null = null;

  /**
   * Values set by code that ran after termination (escaped callbacks). Kept apart so that every
   * such access takes the slow path, where the observer sees it.
   * @internal
   */
  lateThreadLocals: ThreadLocalMap | null = null;

  /**
   * This thread's TransmittableThreadLocal values: an immutable frame, replaced on every change
   * and swapped around pool tasks (internal/TransmittableFrame.ts). `null` when there are none,
   * and again after termination. Written only through `putFrame()`.
   * @internal
   */
  transmitted: TransmittableFrame | null = null;

  /** TransmittableThreadLocal values set after termination, as {@link Thread.lateThreadLocals}. @internal */
  lateTransmitted: TransmittableFrame | null = null;

  /**
   * A one-entry read cache in front of {@link Thread.threadLocals}: the key of the entry that
   * `get()` last found in this thread's live map, and its value. It only ever repeats an entry the
   * map holds (emptied by every `set()` on the thread, whenever that entry leaves the map, and when
   * the map is dropped), so it keeps nothing reachable that the map would not, and is collected
   * with the thread.
   * `null` when empty. ThreadLocal's hot path reads these fields directly.
   * @internal
   */
  cachedKey: ThreadLocalKey | null = null;
  /** The value of {@link Thread.cachedKey}'s entry; `null` when the cache is empty. @internal */
  cachedValue: unknown = null;

  /**
   * Makes `structuredClone`/`postMessage` throw a `DataCloneError` instead of copying this thread
   * as a plain object of its public fields. After the fields the hot path reads, so their offsets
   * do not move.
   * @internal
   */
  readonly isolateBound = ISOLATE_BOUND.thread;

  #state: ThreadState = 'new';
  readonly #task: (() => unknown) | undefined;
  #handler: UncaughtExceptionHandler | null = null;
  readonly #terminated: Promise<void>;
  #markTerminated!: () => void;

  /**
   * @param task - what the thread runs; without one, {@link Thread.run} is meant to be overridden
   * @param options - name and inheritance
   * @throws TypeError when `task` is not a function, or an option has the wrong type
   */
  constructor(task?: () => unknown, options?: ThreadOptions) {
    if (task !== undefined && typeof task !== 'function') {
      throw new TypeError(badArgument('task', task, 'a function or undefined'));
    }
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- JavaScript callers can pass null whatever the type says
    if (options !== undefined && (typeof options !== 'object' || options === null)) {
      throw new TypeError(badArgument('options', options, 'an object or undefined'));
    }
    const name = options?.name;
    if (name !== undefined && typeof name !== 'string') {
      throw new TypeError(badArgument('options.name', name, 'a string'));
    }
    const inherit = options?.inheritThreadLocals;
    if (inherit !== undefined && typeof inherit !== 'boolean') {
      throw new TypeError(badArgument('options.inheritThreadLocals', inherit, 'a boolean'));
    }
    this.id = nextThreadId++;
    this.#task = task;
    this.name = name ?? `Thread-${nextThreadNumber++}`;
    this.#terminated = new Promise<void>((resolve) => {
      this.#markTerminated = resolve;
    });
    if (bootingMain) return;
    const parent = Thread.currentThread();
    const parentMap = parent.threadLocals;
    if (inherit !== false && parentMap !== null) {
      this.threadLocals = ThreadLocalMap.inherit(parentMap, this);
    }
    if (inherit !== false && parent.transmitted !== null) putFrame(this, inheritFrame(parent.transmitted));
  }

  /**
   * Starts the thread: its task runs from the next microtask on, in a new async context bound to
   * this thread. The thread terminates when the task returns, throws, or the promise it returned
   * settles.
   *
   * @returns this thread
   * @throws IllegalThreadStateError when the thread was already started
   */
  start(): this {
    if (this.#state !== 'new') {
      throw new IllegalThreadStateError(`${this.toString()}: already started (a thread can be started once)`);
    }
    this.#state = 'runnable';
    addLiveThread(this);
    if (onThreadStarted !== null) onThreadStarted(this);
    carrier.run(this, () => {
      queueMicrotask(() => {
        void this.#runToEnd();
      });
    });
    return this;
  }

  /**
   * Waits for the thread to terminate. Never rejects: an error from the task goes to the uncaught
   * exception handler. As in Java, a thread that was never started is not alive, so this settles
   * at once.
   *
   * @returns a promise that settles once the thread has terminated
   */
  join(): Promise<void> {
    return this.#state === 'new' ? Promise.resolve() : this.#terminated;
  }

  /** @returns whether the thread was started and has not yet terminated */
  isAlive(): boolean {
    return this.#state === 'runnable';
  }

  /**
   * Sets this thread's handler for errors escaping its task; it takes precedence over the default.
   *
   * @param handler - the handler, or `null` to fall back to the default
   * @throws TypeError when `handler` is neither a function nor `null`
   */
  setUncaughtExceptionHandler(handler: UncaughtExceptionHandler | null): void {
    if (handler !== null && typeof handler !== 'function') {
      throw new TypeError(badArgument('handler', handler, 'a function or null'));
    }
    this.#handler = handler;
  }

  /** @returns this thread's own handler, or `null` when it uses the default */
  getUncaughtExceptionHandler(): UncaughtExceptionHandler | null {
    return this.#handler;
  }

  /** @returns `Thread[#id,name]`, as Java 19+ prints it */
  toString(): string {
    return `Thread[#${this.id},${this.name}]`;
  }

  /**
   * The thread's work: calls the task given to the constructor. Subclasses may override it, as in
   * Java; a returned promise keeps the thread alive until it settles.
   *
   * @returns whatever the task returns
   */
  protected run(): unknown {
    return this.#task?.();
  }

  /**
   * Hands an error that escaped this thread's work to the right handler. Used by the thread itself
   * and by pool workers whose `execute()` task failed.
   * @internal
   */
  dispatchUncaughtException(error: unknown): void {
    const handler = this.#handler ?? defaultHandler ?? printUncaught;
    try {
      handler(this, error);
    } catch (handlerError) {
      // Java ignores errors thrown by the handler itself; silently losing both would hide the bug.
      printUncaught(this, error);
      printUncaught(this, handlerError);
    }
  }

  async #runToEnd(): Promise<void> {
    try {
      await this.run();
    } catch (error) {
      this.dispatchUncaughtException(error);
    } finally {
      this.#exit();
    }
  }

  /** Java's `Thread.exit`: the observer sees the final entries, then the map is dropped. */
  #exit(): void {
    if (onThreadExiting !== null) onThreadExiting(this);
    this.#state = 'terminated';
    this.threadLocals = null;
    putFrame(this, null);
    this.cachedKey = null;
    this.cachedValue = null;
    removeLiveThread(this);
    this.#markTerminated();
  }

  static {
    const main = new Thread(undefined, { name: 'main' });
    main.#state = 'runnable';
    addLiveThread(main);
    mainThread = main;
    bootingMain = false;
  }
}

function printUncaught(thread: Thread, error: unknown): void {
  process.stderr.write(`Exception in thread "${thread.name}" ${inspect(error)}\n`);
}
