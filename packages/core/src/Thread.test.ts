import { AsyncResource } from 'node:async_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IllegalThreadStateError } from './errors.js';
import { liveThreads } from './inspection.js';
import { nextMacrotask, onNewThread } from './test-utils/threads.js';
import { Thread } from './Thread.js';
import { ThreadLocal } from './ThreadLocal.js';

afterEach(() => {
  Thread.setDefaultUncaughtExceptionHandler(null);
});

describe('Thread.currentThread', () => {
  it('is the main thread outside every started thread', () => {
    const main = Thread.currentThread();
    expect(main.name).toBe('main');
    expect(main.isAlive()).toBe(true);
    expect(liveThreads()).toContain(main);
  });

  it('follows the thread across await, timers and promise callbacks', async () => {
    const names = await onNewThread(async () => {
      const seen: string[] = [Thread.currentThread().name];
      await Promise.resolve();
      seen.push(Thread.currentThread().name);
      await new Promise<void>((resolve) =>
        setTimeout(() => {
          seen.push(Thread.currentThread().name);
          resolve();
        }, 0),
      );
      await Promise.resolve().then(() => seen.push(Thread.currentThread().name));
      return seen;
    }, 'carrier');
    expect(names).toEqual(['carrier', 'carrier', 'carrier', 'carrier']);
    expect(Thread.currentThread().name).toBe('main');
  });
});

describe('Thread ids (OpenJDK TestThreadId)', () => {
  it('gives unique increasing ids, and withInitial can hand out per-thread ids', async () => {
    let next = 0;
    const threadId = ThreadLocal.withInitial(() => next++);
    const threads = Array.from({ length: 50 }, () => new Thread(() => threadId.get()));
    const ids = threads.map((t) => t.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(50);
    const perThread = await Promise.all(Array.from({ length: 50 }, () => onNewThread(() => threadId.get())));
    expect(new Set(perThread).size).toBe(50);
  });
});

describe('Thread lifecycle', () => {
  it('is alive from start() until its task (and the promise it returned) settled', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const thread = new Thread(() => gate, { name: 'gated' });
    expect(thread.isAlive()).toBe(false);
    thread.start();
    expect(thread.isAlive()).toBe(true);
    await nextMacrotask();
    expect(thread.isAlive()).toBe(true);
    release();
    await thread.join();
    expect(thread.isAlive()).toBe(false);
    expect(liveThreads()).not.toContain(thread);
  });

  it('runs the task after start() returns, not inside it', () => {
    let ran = false;
    new Thread(() => {
      ran = true;
    }).start();
    expect(ran).toBe(false);
  });

  it('refuses a second start()', () => {
    const thread = new Thread(() => undefined).start();
    expect(() => thread.start()).toThrow(IllegalThreadStateError);
    expect(() => thread.start()).toThrow(/already started/);
  });

  it('settles join() at once for a thread that was never started, as Java', async () => {
    await expect(new Thread().join()).resolves.toBeUndefined();
  });

  it('runs an overridden run() and names threads Thread-N by default', async () => {
    class Worker extends Thread {
      result = 0;
      protected override run(): void {
        this.result = 42;
      }
    }
    const worker = new Worker();
    expect(worker.name).toMatch(/^Thread-\d+$/);
    await worker.start().join();
    expect(worker.result).toBe(42);
    expect(String(worker)).toBe(`Thread[#${worker.id},${worker.name}]`);
  });

  it('drops its map when it terminates (Java Thread.exit)', async () => {
    const tl = new ThreadLocal<object>();
    const thread = new Thread(() => tl.set({}));
    await thread.start().join();
    expect(thread.threadLocals).toBeNull();
  });
});

describe('uncaught errors', () => {
  it('go to the thread handler, then the default one; join() still settles', async () => {
    const seen: string[] = [];
    Thread.setDefaultUncaughtExceptionHandler((t, e) => seen.push(`default:${t.name}:${String(e)}`));
    const own = new Thread(
      () => {
        throw new Error('own');
      },
      { name: 'a' },
    );
    own.setUncaughtExceptionHandler((t, e) => seen.push(`own:${t.name}:${String(e)}`));
    const fallback = new Thread(() => Promise.reject(new Error('async')), { name: 'b' });
    await Promise.all([own.start().join(), fallback.start().join()]);
    expect(seen.sort()).toEqual(['default:b:Error: async', 'own:a:Error: own']);
  });

  it('are printed to stderr Java-style when no handler is set, never swallowed', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await new Thread(
        () => {
          throw new Error('lost?');
        },
        { name: 'printer' },
      )
        .start()
        .join();
      expect(write).toHaveBeenCalledWith(expect.stringContaining('Exception in thread "printer" Error: lost?'));
    } finally {
      write.mockRestore();
    }
  });

  it('also print an error thrown by the handler itself', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const thread = new Thread(() => {
        throw new Error('task');
      });
      thread.setUncaughtExceptionHandler(() => {
        throw new Error('handler');
      });
      await thread.start().join();
      const printed = write.mock.calls.map((call) => String(call[0])).join('');
      expect(printed).toContain('Error: task');
      expect(printed).toContain('Error: handler');
    } finally {
      write.mockRestore();
    }
  });
});

describe('bad input', () => {
  it('names the argument, the value and what was expected', () => {
    expect(() => new Thread(42 as unknown as () => void)).toThrow(new TypeError('task: 42 (expected: a function or undefined)'));
    expect(() => new Thread(undefined, { name: 7 as unknown as string })).toThrow(
      new TypeError('options.name: 7 (expected: a string)'),
    );
    expect(() => new Thread(undefined, { inheritThreadLocals: 'no' as unknown as boolean })).toThrow(TypeError);
    expect(() => new Thread(undefined, null as unknown as object)).toThrow(TypeError);
    expect(() => Thread.setDefaultUncaughtExceptionHandler('x' as unknown as null)).toThrow(TypeError);
    expect(() => new Thread().setUncaughtExceptionHandler(1 as unknown as null)).toThrow(TypeError);
  });
});

describe('code that runs after its thread terminated', () => {
  it('keeps working on a separate late map and leaves the thread terminated', async () => {
    const tl = ThreadLocal.withInitial(() => 'initial');
    let escaped!: () => string;
    const thread = new Thread(() => {
      tl.set('during');
      // AsyncResource.bind keeps the thread's async context for later, as an escaped callback does.
      escaped = AsyncResource.bind(() => {
        const before = tl.get();
        tl.set('late');
        return `${before}/${tl.get()}`;
      });
    });
    await thread.start().join();
    expect(escaped()).toBe('initial/late');
    expect(thread.isAlive()).toBe(false);
    expect(thread.threadLocals).toBeNull();
    expect(thread.lateThreadLocals?.size).toBe(1);
  });
});

describe('worker_threads', () => {
  it('gives each Worker its own main thread and none of the parent thread-locals', async () => {
    const { Worker } = await import('node:worker_threads');
    const tl = new ThreadLocal<string>();
    tl.set('parent');
    try {
      const core = new URL('../dist/index.js', import.meta.url).href;
      const source = `
        const { parentPort } = require('node:worker_threads');
        import(${JSON.stringify(core)}).then(({ Thread, ThreadLocal }) => {
          const main = Thread.currentThread();
          parentPort.postMessage({ id: main.id, name: main.name, fresh: new ThreadLocal().get() });
        });`;
      const worker = new Worker(source, { eval: true });
      const message = await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      await worker.terminate();
      expect(message).toEqual({ id: 1, name: 'main', fresh: undefined });
      expect(Thread.currentThread().id).toBe(1);
      expect(tl.get()).toBe('parent');
    } finally {
      tl.remove();
    }
  });
});
