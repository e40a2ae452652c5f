import { describe, expect, it } from 'vitest';
import { RejectedExecutionError } from './errors.js';
import { threadPoolOf } from './inspection.js';
import { nextMacrotask, onNewThread } from './test-utils/threads.js';
import { Thread } from './Thread.js';
import { ThreadLocal } from './ThreadLocal.js';
import { ThreadPool } from './ThreadPool.js';
import { poolsShutDownAfterEach } from './test-utils/pools.js';

const pool = poolsShutDownAfterEach();

describe('ThreadPool reuse (the leak)', () => {
  it('hands a value a task did not remove to the next task on the same thread', async () => {
    const connection = new ThreadLocal<string>();
    const p = pool(1, 'db');
    const first = await p.submit(() => {
      connection.set('conn-of-task-1');
      return Thread.currentThread().name;
    });
    const second = await p.submit(() => [Thread.currentThread().name, connection.get()]);
    expect(first).toBe('db-thread-1');
    expect(second).toEqual(['db-thread-1', 'conn-of-task-1']);
  });

  it('leaves nothing behind when tasks remove in finally or use runWith', async () => {
    const connection = new ThreadLocal<string>();
    const p = pool(2);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? p.submit(async () => {
              connection.set(`conn-${i}`);
              try {
                await Promise.resolve();
              } finally {
                connection.remove();
              }
            })
          : p.submit(() => connection.runWith(`conn-${i}`, async () => Promise.resolve())),
      ),
    );
    const seen = await Promise.all(Array.from({ length: 4 }, () => p.submit(() => connection.get())));
    expect(seen).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('creates one thread per task until full, then reuses them, FIFO', async () => {
    const p = pool(3, 'w');
    const order: string[] = [];
    await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        p.submit(async () => {
          await nextMacrotask();
          order.push(`${i}@${Thread.currentThread().name}`);
        }),
      ),
    );
    expect(order.map((entry) => entry.split('@')[0])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8']);
    expect(new Set(order.map((entry) => entry.split('@')[1]))).toEqual(new Set(['w-thread-1', 'w-thread-2', 'w-thread-3']));
  });

  it('never runs more than size tasks at once', async () => {
    const p = pool(2);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        p.submit(async () => {
          peak = Math.max(peak, ++running);
          await nextMacrotask();
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
  });
});

describe('submit', () => {
  it('resolves with the result and rejects with the error, sync or async', async () => {
    const p = pool(1);
    await expect(p.submit(() => 1)).resolves.toBe(1);
    await expect(p.submit(async () => 2)).resolves.toBe(2);
    await expect(
      p.submit(() => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    await expect(p.submit(() => Promise.reject(new Error('async')))).rejects.toThrow('async');
    // A failed submit() keeps its thread, as Java's FutureTask.
    await expect(p.submit(() => Thread.currentThread().name)).resolves.toBe(`${p.name}-thread-1`);
  });

  it('does not run the task inside submit()', async () => {
    const p = pool(1);
    await p.submit(() => undefined);
    let ran = false;
    const done = p.submit(() => {
      ran = true;
    });
    expect(ran).toBe(false);
    await done;
    expect(ran).toBe(true);
  });

  it('resumes each awaiting caller in its own context, even when another request freed the thread', async () => {
    const requestId = new ThreadLocal<string>();
    const p = pool(1);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const request = (id: string, work: () => unknown): Promise<string[]> =>
      onNewThread(async () => {
        requestId.set(id);
        const inside = await p.submit(async () => {
          await work();
          return `${Thread.currentThread().name}:${String(requestId.get())}`;
        });
        return [inside, Thread.currentThread().name, String(requestId.get())];
      }, `request-${id}`);
    const a = request('A', () => gate);
    const b = request('B', () => undefined);
    await nextMacrotask();
    release();
    const [resultA, resultB] = await Promise.all([a, b]);
    expect(resultA).toEqual([`${p.name}-thread-1:undefined`, 'request-A', 'A']);
    expect(resultB).toEqual([`${p.name}-thread-1:undefined`, 'request-B', 'B']);
  });
});

describe('execute', () => {
  it('sends a failure to the uncaught handler and replaces the thread, dropping its values', async () => {
    const failures: string[] = [];
    Thread.setDefaultUncaughtExceptionHandler((thread, error) => failures.push(`${thread.name}: ${String(error)}`));
    const leaked = new ThreadLocal<string>();
    const p = pool(1, 'exec');
    let firstThread: Thread | undefined;
    p.execute(() => {
      firstThread = Thread.currentThread();
      leaked.set('left behind');
      throw new Error('task failed');
    });
    const after = await p.submit(() => [Thread.currentThread().name, leaked.get()]);
    expect(failures).toEqual(['exec-thread-1: Error: task failed']);
    expect(after).toEqual(['exec-thread-2', undefined]);
    await firstThread?.join();
    expect(firstThread?.isAlive()).toBe(false);
  });

  it('reports an async rejection the same way', async () => {
    const failures: unknown[] = [];
    Thread.setDefaultUncaughtExceptionHandler((_, error) => failures.push(error));
    const p = pool(1);
    p.execute(async () => {
      await Promise.resolve();
      throw new Error('later');
    });
    await p.shutdown();
    expect(failures).toHaveLength(1);
  });
});

describe('shutdown', () => {
  it('drains queued tasks, terminates the threads and drops their maps', async () => {
    const tl = new ThreadLocal<string>();
    const p = pool(2);
    const done: number[] = [];
    const threads = new Set<Thread>();
    for (let i = 0; i < 6; i++) {
      p.execute(async () => {
        threads.add(Thread.currentThread());
        tl.set('leak');
        await nextMacrotask();
        done.push(i);
      });
    }
    await p.shutdown();
    expect(done.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (const thread of threads) {
      expect(thread.isAlive()).toBe(false);
      expect(thread.threadLocals).toBeNull();
      expect(threadPoolOf(thread)).toBe(p);
    }
  });

  it('rejects later work with RejectedExecutionError and returns the same promise twice', async () => {
    const p = pool(1);
    const first = p.shutdown();
    expect(p.shutdown()).toBe(first);
    await first;
    expect(p.isShutdown()).toBe(true);
    expect(() => p.execute(() => undefined)).toThrow(RejectedExecutionError);
    await expect(p.submit(() => 1)).rejects.toMatchObject({
      name: 'RejectedExecutionError',
      code: 'ERR_TLKIT_REJECTED_EXECUTION',
    });
  });

  it('settles at once for a pool that never ran anything', async () => {
    await expect(pool(4).shutdown()).resolves.toBeUndefined();
  });
});

describe('bad input', () => {
  it('throws RangeError unless size is a positive integer', () => {
    for (const size of [0, -1, 1.5, Number.NaN, Infinity, '2', undefined]) {
      expect(() => new ThreadPool({ size } as unknown as { size: number })).toThrow(RangeError);
    }
    expect(() => new ThreadPool({ size: 0 })).toThrow('options.size: 0 (expected: a positive integer)');
  });

  it('throws TypeError for a missing options object, a bad name or a task that is not a function', () => {
    expect(() => new ThreadPool(undefined as unknown as { size: number })).toThrow(TypeError);
    expect(() => new ThreadPool({ size: 1, name: 3 as unknown as string })).toThrow(TypeError);
    const p = pool(1);
    expect(() => p.execute(null as unknown as () => void)).toThrow(new TypeError('task: null (expected: a function)'));
    expect(() => p.submit('x' as unknown as () => void)).toThrow(TypeError);
  });
});
