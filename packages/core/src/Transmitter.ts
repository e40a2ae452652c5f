import { IllegalStateError } from './errors.js';
import { badArgument } from './internal/describe.js';
import { isThenable } from './internal/isThenable.js';
import {
  applyRegistered,
  Backup,
  Captured,
  captureFrame,
  captureRegistered,
  clearedRegistered,
  type Copier,
  isRegistered,
  register,
  replayFrame,
  replayRegistered,
  restoreFrame,
  unregister,
} from './internal/transmission.js';
import { Thread } from './Thread.js';
import { ThreadLocal } from './ThreadLocal.js';
import { TransmittableThreadLocal } from './TransmittableThreadLocal.js';

export { Backup, Captured };

/** Options of {@link Transmitter.wrap}. */
export interface WrapOptions {
  /**
   * Drop the captured values when the wrapper is first called, as TTL's
   * `releaseTtlValueReferenceAfterRun`: a wrapper that lives on (a cached callback, a retried job)
   * then keeps no value alive, and calling it again throws {@link IllegalStateError}. Default `false`.
   */
  releaseAfterRun?: boolean;
}

/** A function returned by {@link Transmitter.wrap}: `fn` with its submitter's values. */
export interface TransmittingFunction<A extends unknown[], R> {
  (...args: A): R;
  /**
   * Drops the captured values now (a job that was cancelled, or will never run); later calls throw
   * {@link IllegalStateError}. Releasing twice does nothing.
   */
  release(): void;
  /** Whether the captured values were released (by {@link TransmittingFunction.release} or a run). */
  readonly released: boolean;
}

/**
 * Alibaba TTL's `Transmitter`: moves TransmittableThreadLocal values (and registered plain
 * ThreadLocals) from the thread that hands work over to the thread that runs it, for executors
 * other than {@link ThreadPool}, which does this by itself.
 *
 * The protocol: {@link Transmitter.capture} where the work is handed over; {@link Transmitter.replay}
 * where it runs, which returns a backup; {@link Transmitter.restore} with that backup when it is done.
 * {@link Transmitter.runWithCaptured} and {@link Transmitter.wrap} do the three steps for you.
 *
 * A replay changes the values of the thread it runs on, not of one async call chain: while an
 * async function runs between a replay and its restore, other continuations on that same thread
 * see the replayed values too, and two such functions interleaved on one thread must restore in
 * the reverse order of their replays. Run async transmitted work on a thread of its own (a
 * `ThreadPool`, or a `Thread`) when it may overlap other work on the same thread.
 */
export class Transmitter {
  private constructor() {}

  /**
   * Captures the current thread's transmittable values (through each one's `copy()`) and the state
   * of every registered ThreadLocal.
   *
   * @returns the captured values, to replay once or many times
   */
  static capture(): Captured {
    const thread = Thread.currentThread();
    return new Captured(captureFrame(thread), captureRegistered(thread));
  }

  /**
   * Makes the current thread hold exactly the captured values (its other transmittable values are
   * hidden until the restore), then calls each captured TransmittableThreadLocal's `beforeExecute()`.
   *
   * @param captured - from {@link Transmitter.capture}
   * @returns what the replay replaced, for {@link Transmitter.restore}
   * @throws TypeError when `captured` is not a capture
   */
  static replay(captured: Captured): Backup {
    if (!(captured instanceof Captured)) throw new TypeError(badArgument('captured', captured, 'a Captured from Transmitter.capture()'));
    const thread = Thread.currentThread();
    const own = replayFrame(thread, captured.frame);
    return new Backup(thread, own, captured.registered === null ? null : replayRegistered(thread, captured.registered));
  }

  /**
   * Replays nothing: hides every transmittable value of the current thread (and clears the
   * registered ThreadLocals) until the restore, as TTL's `clear()`.
   *
   * @returns what was hidden, for {@link Transmitter.restore}
   */
  static clear(): Backup {
    return Transmitter.replay(new Captured(null, clearedRegistered()));
  }

  /**
   * Puts back the state a replay replaced, on the thread the replay ran on: after
   * `afterExecute()` of each TransmittableThreadLocal held there, values set since the replay are
   * removed and changed or removed ones restored. Restoring the same backup twice does nothing.
   *
   * @param backup - from {@link Transmitter.replay} or {@link Transmitter.clear}
   * @throws TypeError when `backup` is not a backup
   */
  static restore(backup: Backup): void {
    if (!(backup instanceof Backup)) throw new TypeError(badArgument('backup', backup, 'a Backup from Transmitter.replay()'));
    if (backup.restored) return;
    backup.restored = true;
    restoreFrame(backup.thread, backup.frame);
    if (backup.registered !== null) applyRegistered(backup.thread, backup.registered);
  }

  /**
   * Runs `fn` with the captured values replayed on the current thread, and restores when `fn`
   * returns, throws, or the promise it returns settles.
   *
   * @param captured - from {@link Transmitter.capture}
   * @param fn - the work
   * @returns what `fn` returns; for a promise, a promise of the same outcome that settles after the restore
   * @throws TypeError when an argument has the wrong type; otherwise rethrows what `fn` throws
   */
  static runWithCaptured<R>(captured: Captured, fn: () => R): R {
    if (typeof fn !== 'function') throw new TypeError(badArgument('fn', fn, 'a function'));
    const backup = Transmitter.replay(captured);
    let result: R;
    try {
      result = fn();
    } catch (error) {
      Transmitter.restore(backup);
      throw error;
    }
    if (!isThenable(result)) {
      Transmitter.restore(backup);
      return result;
    }
    return Promise.resolve(result).then(
      (value) => {
        Transmitter.restore(backup);
        return value;
      },
      (error: unknown) => {
        Transmitter.restore(backup);
        throw error;
      },
    ) as R;
  }

  /**
   * Captures now and returns `fn` bound to the captured values, for any executor: each call runs
   * `fn` through {@link Transmitter.runWithCaptured} (TTL's `TtlRunnable.get`/`TtlWrappers`).
   *
   * @param fn - the work; `this` and arguments are passed through
   * @param options - `releaseAfterRun`
   * @returns the wrapper, with `release()` for work that will never run
   * @throws TypeError when `fn` is not a function or `options` is malformed
   */
  static wrap<A extends unknown[], R>(fn: (...args: A) => R, options?: WrapOptions): TransmittingFunction<A, R> {
    if (typeof fn !== 'function') throw new TypeError(badArgument('fn', fn, 'a function'));
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- JavaScript callers can pass null whatever the type says
    if (options !== undefined && (typeof options !== 'object' || options === null)) {
      throw new TypeError(badArgument('options', options, 'an object or undefined'));
    }
    const releaseAfterRun = options?.releaseAfterRun;
    if (releaseAfterRun !== undefined && typeof releaseAfterRun !== 'boolean') {
      throw new TypeError(badArgument('options.releaseAfterRun', releaseAfterRun, 'a boolean'));
    }
    if (wrapped.has(fn)) {
      throw new IllegalStateError('Transmitter.wrap: the function is already a transmitting wrapper (wrap the original, see Transmitter.unwrap)');
    }
    let captured: Captured | null = Transmitter.capture();
    const wrapper = function (this: unknown, ...args: A): R {
      const held = captured;
      if (held === null) {
        throw new IllegalStateError(`Transmitter.wrap(${fn.name || 'anonymous'}): the captured values were released; wrap again to run it again`);
      }
      if (releaseAfterRun === true) captured = null;
      return Transmitter.runWithCaptured(held, () => fn.apply(this, args));
    };
    Object.defineProperties(wrapper, {
      release: {
        value: (): void => {
          captured = null;
        },
      },
      released: { get: () => captured === null },
    });
    wrapped.set(wrapper, fn);
    return wrapper as TransmittingFunction<A, R>;
  }

  /**
   * @param fn - a function, possibly returned by {@link Transmitter.wrap}
   * @returns the function `fn` wraps, or `fn` itself when it is not a transmitting wrapper
   */
  static unwrap<F extends (...args: never[]) => unknown>(fn: F): F {
    return (wrapped.get(fn) as F | undefined) ?? fn;
  }

  /**
   * Registers a plain ThreadLocal (or InheritableThreadLocal) for transmission, as TTL's
   * `registerThreadLocal`: from now on every capture takes its value (through `copier`), or notes
   * that it has none, and a replay sets or removes it accordingly. The registry holds the
   * ThreadLocal weakly — unless `copier` itself references it.
   *
   * @param threadLocal - the ThreadLocal to transmit
   * @param copier - the value a task receives from its submitter's; default identity
   * @returns `true` when newly registered; `false` when already registered (the first copier
   *   stays) or transmittable anyway
   * @throws TypeError when `threadLocal` is not a ThreadLocal or `copier` not a function
   */
  static registerThreadLocal<T>(threadLocal: ThreadLocal<T>, copier?: (parentValue: T) => T): boolean {
    if (!(threadLocal instanceof ThreadLocal)) throw new TypeError(badArgument('threadLocal', threadLocal, 'a ThreadLocal'));
    if (copier !== undefined && typeof copier !== 'function') {
      throw new TypeError(badArgument('copier', copier, 'a function or undefined'));
    }
    if (threadLocal instanceof TransmittableThreadLocal) return false;
    return register(ThreadLocal.keyOf(threadLocal), (copier ?? identity) as Copier);
  }

  /**
   * Stops transmitting a ThreadLocal registered by {@link Transmitter.registerThreadLocal}.
   *
   * @param threadLocal - the ThreadLocal
   * @returns whether it was registered
   * @throws TypeError when `threadLocal` is not a ThreadLocal
   */
  static unregisterThreadLocal(threadLocal: ThreadLocal<unknown>): boolean {
    if (!(threadLocal instanceof ThreadLocal)) throw new TypeError(badArgument('threadLocal', threadLocal, 'a ThreadLocal'));
    return unregister(ThreadLocal.keyOf(threadLocal));
  }

  /**
   * @param threadLocal - a ThreadLocal
   * @returns whether it is registered by {@link Transmitter.registerThreadLocal}
   */
  static isRegistered(threadLocal: ThreadLocal<unknown>): boolean {
    return threadLocal instanceof ThreadLocal && isRegistered(ThreadLocal.keyOf(threadLocal));
  }
}

/** Each transmitting wrapper and the function it wraps; weak, so a dropped wrapper is collected. */
const wrapped = new WeakMap<object, object>();

function identity<T>(value: T): T {
  return value;
}
