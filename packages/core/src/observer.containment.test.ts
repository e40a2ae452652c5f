import { AsyncResource } from 'node:async_hooks';
import { collectUntil } from '@tlkit/testing/gc';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ObserverError, RejectedExecutionError } from './errors.js';
import { threadLocalEntries } from './inspection.js';
import {
  setThreadLocalObserver,
  THREAD_LOCAL_OBSERVER_EVENTS,
  type ThreadLocalObserver,
  type ThreadLocalObserverEvent,
} from './observer.js';
import { nextMacrotask, onNewThread } from './test-utils/threads.js';
import { Thread } from './Thread.js';
import { ThreadLocal } from './ThreadLocal.js';
import { ThreadPool } from './ThreadPool.js';

const warnings: Error[] = [];
const onWarning = (warning: Error): void => {
  if (warning instanceof ObserverError) warnings.push(warning);
};
// Node prints every warning through its own 'warning' listener; these tests emit a dozen on
// purpose, so that printer is set aside while they run and put back after each.
let printers: ((warning: Error) => void)[] = [];
beforeEach(() => {
  printers = process.listeners('warning');
  for (const printer of printers) process.off('warning', printer);
  process.on('warning', onWarning);
});
afterEach(() => {
  process.off('warning', onWarning);
  for (const printer of printers) process.on('warning', printer);
  warnings.length = 0;
  setThreadLocalObserver(null);
  Thread.setDefaultUncaughtExceptionHandler(null);
});

/**
 * An observer implementing every event, of which `failing` throws a new error on each call. It
 * keeps no argument, and of the errors only the first: the stale-entry step needs its ThreadLocals
 * collected, and an error whose stack was never read retains the receivers of its frames.
 */
function throwingObserver(failing: ThreadLocalObserverEvent): {
  observer: ThreadLocalObserver;
  thrown: { first: Error | undefined; count: number };
} {
  const thrown: { first: Error | undefined; count: number } = { first: undefined, count: 0 };
  const observer: Record<string, () => void> = {};
  for (const event of THREAD_LOCAL_OBSERVER_EVENTS) {
    observer[event] = () => {
      if (event !== failing) return;
      const error = new Error(`${event} failed (call ${++thrown.count})`);
      thrown.first ??= error;
      throw error;
    };
  }
  return { observer, thrown };
}

/**
 * Raises every observer event at least twice, asserting each guarantee of core on the way:
 * pool outcomes, `execute` failures, shutdown, join, map drop at exit, `runWith`/`scope` restores.
 */
async function exerciseEveryEvent(): Promise<void> {
  const tl = new ThreadLocal<string>();

  // runWith and scope restore the state they found, whatever the observer does.
  await onNewThread(async () => {
    tl.set('outer');
    expect(tl.runWith('inner', () => tl.get())).toBe('inner');
    expect(tl.get()).toBe('outer');
    const failure = new Error('fn failed');
    expect(() =>
      tl.runWith('inner', () => {
        throw failure;
      }),
    ).toThrow(failure);
    expect(tl.get()).toBe('outer');
    await expect(
      tl.runWith('inner', async () => {
        await null;
        return tl.get();
      }),
    ).resolves.toBe('inner');
    expect(tl.get()).toBe('outer');
    await expect(
      tl.runWith('inner', async () => {
        await null;
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(tl.get()).toBe('outer');
    {
      using _scope = tl.scope('scoped');
      expect(tl.get()).toBe('scoped');
    }
    expect(tl.get()).toBe('outer');
    tl.remove();
    // Restoring "no entry" goes through remove(): the map must be empty afterwards.
    expect(tl.runWith('inner', () => tl.get())).toBe('inner');
    {
      using _scope = tl.scope('scoped');
    }
    expect(threadLocalEntries(Thread.currentThread())).toEqual([]);
  });

  // The pool: every submit settles with its task's own outcome, execute failures reach the
  // thread's handler, shutdown resolves and the threads drop their maps.
  const failures: unknown[] = [];
  Thread.setDefaultUncaughtExceptionHandler((_thread, error) => failures.push(error));
  const pool = new ThreadPool({ size: 1, name: 'observed' });
  const first = await pool.submit(() => {
    tl.set('left behind');
    return Thread.currentThread();
  });
  expect(first.name).toBe('observed-thread-1');
  const syncFailure = new Error('sync task failure');
  await expect(
    pool.submit(() => {
      throw syncFailure;
    }),
  ).rejects.toBe(syncFailure);
  const asyncFailure = new Error('async task failure');
  await expect(
    pool.submit(async () => {
      await null;
      throw asyncFailure;
    }),
  ).rejects.toBe(asyncFailure);
  await expect(
    pool.submit(async () => {
      await null;
      return 'async result';
    }),
  ).resolves.toBe('async result');
  const executeFailure = new Error('execute failure');
  pool.execute(() => {
    throw executeFailure;
  });
  const second = await pool.submit(() => {
    tl.set('at shutdown');
    return Thread.currentThread();
  });
  expect(failures).toEqual([executeFailure]);
  expect(second).not.toBe(first);
  await first.join();
  expect(first.isAlive()).toBe(false);
  expect(threadLocalEntries(first)).toEqual([]);
  await pool.shutdown();
  await second.join();
  expect(second.isAlive()).toBe(false);
  expect(threadLocalEntries(second)).toEqual([]);
  await expect(pool.submit(() => 'too late')).rejects.toBeInstanceOf(RejectedExecutionError);

  // Stale entries are still expunged (real collection, bounded).
  await onNewThread(async () => {
    let doomed: WeakRef<object>[] = [];
    (() => {
      const locals = [new ThreadLocal<string>(), new ThreadLocal<string>()];
      locals.forEach((local) => {
        local.set('stale soon');
      });
      doomed = locals.map((local) => new WeakRef(local));
    })();
    expect(await collectUntil(() => doomed.every((ref) => ref.deref() === undefined))).toBe(true);
    // Crossing the resize threshold rehashes, which expunges every stale entry.
    const others = Array.from({ length: 14 }, () => new ThreadLocal<number>());
    others.forEach((other, i) => {
      other.set(i);
    });
    expect(threadLocalEntries(Thread.currentThread()).filter((entry) => entry.stale)).toEqual([]);
    expect(others.map((other) => other.get())).toEqual(others.map((_, i) => i));
  });

  // Code that escaped a terminated thread keeps working on the late map.
  let escaped!: () => string;
  const gone = new Thread(
    () => {
      tl.set('dropped at exit');
      escaped = AsyncResource.bind(() => {
        tl.set('late');
        const seen = tl.get();
        tl.remove();
        return seen;
      });
    },
    { name: 'gone' },
  );
  await gone.start().join();
  expect(threadLocalEntries(gone)).toEqual([]);
  expect(escaped()).toBe('late');
  expect(threadLocalEntries(gone)).toEqual([]);
}

describe('an observer that throws', () => {
  it.each(THREAD_LOCAL_OBSERVER_EVENTS)('in %s changes nothing in core and is reported once', async (event) => {
    const { observer, thrown } = throwingObserver(event);
    setThreadLocalObserver(observer);
    await exerciseEveryEvent();
    setThreadLocalObserver(null);
    // Warnings are delivered on a later tick.
    await nextMacrotask();
    expect(thrown.count).toBeGreaterThanOrEqual(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ name: 'ObserverError', code: 'ERR_TLKIT_OBSERVER', event, cause: thrown.first });
    expect((warnings[0] as ObserverError).detail).toContain(`${event} failed (call 1)`);
  });

  it('is reported again after each installation, and the warning is heard on main', async () => {
    const heardOn: string[] = [];
    const hear = (): void => {
      heardOn.push(Thread.currentThread().name);
    };
    process.on('warning', hear);
    try {
      const thrown: Error[] = [];
      const observer: ThreadLocalObserver = {
        entrySet() {
          const error = new Error(`entrySet failed (call ${thrown.length + 1})`);
          thrown.push(error);
          throw error;
        },
      };
      const tl = new ThreadLocal<number>();
      setThreadLocalObserver(observer);
      const pool = new ThreadPool({ size: 1, name: 'rearm' });
      await pool.submit(() => {
        tl.set(1);
        tl.set(2);
      });
      await nextMacrotask();
      expect(warnings).toHaveLength(1);
      setThreadLocalObserver(observer);
      await pool.submit(() => {
        tl.set(3);
      });
      setThreadLocalObserver(null);
      setThreadLocalObserver(observer);
      await pool.submit(() => {
        tl.set(4);
      });
      await pool.shutdown();
      await nextMacrotask();
      expect(thrown).toHaveLength(4);
      expect(warnings.map((warning) => warning.cause)).toEqual([thrown[0], thrown[2], thrown[3]]);
      expect(heardOn).toEqual(['main', 'main', 'main']);
    } finally {
      process.off('warning', hear);
    }
  });

  it('is reported whatever it throws, even a value that cannot be inspected', async () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const values: unknown[] = ['a plain string', proxy];
    const tl = new ThreadLocal<number>();
    for (const value of values) {
      setThreadLocalObserver({
        entrySet() {
          throw value;
        },
      });
      tl.set(1);
      expect(tl.get()).toBe(1);
    }
    tl.remove();
    await nextMacrotask();
    expect(warnings.map((warning) => (warning as ObserverError).detail)).toEqual([
      "Caused by: 'a plain string'",
      'Caused by: (a thrown value that could not be described)',
    ]);
    expect(warnings[1]?.cause).toBe(proxy);
  });
});
