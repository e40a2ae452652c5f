/**
 * TransmittableThreadLocal through ThreadPool: the behaviours Alibaba TTL's own tests check
 * (capture at submit, replay for the task only, restore afterwards, copy(), nesting), ported to
 * logical threads. GC tests run with --expose-gc (the vitest config passes it) and are bounded.
 */
import { collectUntil } from '@tlkit/testing/gc';
import { describe, expect, it } from 'vitest';
import { InheritableThreadLocal } from './InheritableThreadLocal.js';
import { threadLocalCount, threadLocalEntries } from './inspection.js';
import { carrier } from './internal/carrier.js';
import { frameHolders } from './internal/TransmittableFrame.js';
import { nextMacrotask, onNewThread } from './test-utils/threads.js';
import { Thread } from './Thread.js';
import { setThreadLocalObserver } from './observer.js';
import { ThreadLocal } from './ThreadLocal.js';
import { ThreadPool } from './ThreadPool.js';
import { TransmittableThreadLocal } from './TransmittableThreadLocal.js';
import { poolsShutDownAfterEach } from './test-utils/pools.js';

const pool = poolsShutDownAfterEach();

/** A request: a thread of its own holding `values`, running `fn`. */
function asRequest<R>(values: ReadonlyArray<readonly [ThreadLocal<string>, string]>, fn: () => R | Promise<R>): Promise<Awaited<R>> {
  return onNewThread(() => {
    for (const [tl, value] of values) tl.set(value);
    return fn();
  });
}

/** The values a pool thread holds on its own (read through inspection, not through a task). */
function ownValues(thread: Thread, ...locals: ThreadLocal<unknown>[]): unknown[] {
  const entries = threadLocalEntries(thread);
  return locals.map((tl) => entries.find((entry) => entry.threadLocal === tl)?.value);
}

/** Keeps a pool's only thread busy until the returned `release()`. */
function block(p: ThreadPool): { release: () => void; done: Promise<Thread> } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const done = p.submit(async () => {
    await gate;
    return Thread.currentThread();
  });
  return { release, done };
}

describe('capture at submit, not at thread creation', () => {
  it('gives each task its own submitter’s value where inheritance gives the first submitter’s', async () => {
    const requestId = new TransmittableThreadLocal<string>();
    const inherited = new InheritableThreadLocal<string>();
    const p = pool(1);
    const seen: unknown[] = [];
    for (const id of ['req-1', 'req-2', 'req-3']) {
      await asRequest([[requestId, id], [inherited, id]], () =>
        p.submit(() => {
          seen.push([requestId.get(), inherited.get()]);
        }),
      );
    }
    // The pool thread was created by req-1: inheritance froze that; transmission follows each task.
    expect(seen).toEqual([
      ['req-1', 'req-1'],
      ['req-2', 'req-1'],
      ['req-3', 'req-1'],
    ]);
  });

  it('captures when the task is handed over: later changes of the submitter do not reach it', async () => {
    const tl = new TransmittableThreadLocal<string>();
    const p = pool(1);
    const busy = block(p);
    const queued = await asRequest([[tl, 'at-submit']], () => {
      const result = p.submit(() => tl.get());
      tl.set('after-submit');
      return { result };
    });
    busy.release();
    expect(await queued.result).toBe('at-submit');
  });

  it('transmits through execute() as through submit()', async () => {
    const tl = new TransmittableThreadLocal<string>();
    const p = pool(1);
    let seen: string | undefined;
    await asRequest([[tl, 'executed']], () => {
      p.execute(() => {
        seen = tl.get();
      });
    });
    await p.submit(() => undefined);
    expect(seen).toBe('executed');
  });
});

describe('restore: the task’s changes stay with the task', () => {
  it('does not leak changes back to the submitter, nor to the next task', async () => {
    const changed = new TransmittableThreadLocal<string>();
    const removed = new TransmittableThreadLocal<string>();
    const added = new TransmittableThreadLocal<string>();
    const p = pool(1);
    const submitterAfter = await asRequest(
      [
        [changed, 'parent-changed'],
        [removed, 'parent-removed'],
      ],
      async () => {
        await p.submit(() => {
          changed.set('child-changed');
          removed.remove();
          added.set('child-added');
        });
        return [changed.get(), removed.get(), added.get()];
      },
    );
    expect(submitterAfter).toEqual(['parent-changed', 'parent-removed', undefined]);
    const nextTask = await p.submit(() => [changed.get(), removed.get(), added.get()]);
    expect(nextTask).toEqual([undefined, undefined, undefined]);
  });

  it('never shows a task another task’s transmitted values', async () => {
    const tenant = new TransmittableThreadLocal<string>();
    const p = pool(1);
    const withTenant = await asRequest([[tenant, 'acme']], () => p.submit(() => tenant.get()));
    const without = await onNewThread(() => p.submit(() => tenant.get()));
    expect([withTenant, without]).toEqual(['acme', undefined]);
  });

  it('puts the pool thread’s own (inherited) values back, and hides them from tasks meanwhile', async () => {
    const tl = new TransmittableThreadLocal<string>();
    const p = pool(1);
    // The first submit creates the pool thread, which inherits 'creator' (TTL is inheritable).
    const thread = await asRequest([[tl, 'creator']], () => p.submit(() => Thread.currentThread()));
    expect(ownValues(thread, tl)).toEqual(['creator']);
    const fromOther = await asRequest([[tl, 'other']], () => p.submit(() => tl.get()));
    const fromNone = await onNewThread(() => p.submit(() => tl.get()));
    expect([fromOther, fromNone]).toEqual(['other', undefined]);
    expect(ownValues(thread, tl)).toEqual(['creator']);
  });

  it('restores after a task that throws, and after one whose promise rejects', async () => {
    const tl = new TransmittableThreadLocal<string>();
    const p = pool(1);
    const thread = await p.submit(() => Thread.currentThread());
    await asRequest([[tl, 'request']], async () => {
      await expect(
        p.submit(() => {
          tl.set('set before throwing');
          throw new Error('sync failure');
        }),
      ).rejects.toThrow('sync failure');
      await expect(
        p.submit(async () => {
          await nextMacrotask();
          tl.set('set before rejecting');
          throw new Error('async failure');
        }),
      ).rejects.toThrow('async failure');
    });
    expect(ownValues(thread, tl)).toEqual([undefined]);
    expect(await p.submit(() => tl.get())).toBeUndefined();
  });

  it('restores before a failed execute() task’s thread reaches its uncaught exception handler', async () => {
    const tl = new TransmittableThreadLocal<string>();
    const p = pool(1);
    await p.submit(() => undefined);
    const atHandler: unknown[] = [];
    Thread.setDefaultUncaughtExceptionHandler((thread) => {
      atHandler.push(ownValues(thread, tl)[0]);
    });
    await asRequest([[tl, 'request']], () => {
      p.execute(() => {
        throw new Error('boom');
      });
    });
    await p.submit(() => undefined);
    expect(atHandler).toEqual([undefined]);
  });

  it('keeps the values for the whole async task, across awaits, while other tasks interleave', async () => {
    const requestId = new TransmittableThreadLocal<string>();
    const p = pool(2);
    const task = async (): Promise<string[]> => {
      const seen: string[] = [];
      for (let i = 0; i < 3; i++) {
        seen.push(requestId.get());
        await nextMacrotask();
      }
      return seen;
    };
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((id) => asRequest([[requestId, id]], () => p.submit(task))));
    expect(results).toEqual([
      ['a', 'a', 'a'],
      ['b', 'b', 'b'],
      ['c', 'c', 'c'],
      ['d', 'd', 'd'],
    ]);
  });

  it('leaves nothing behind: pool threads end as they started, and the process-wide count returns', async () => {
    const before = frameHolders;
    const locals = Array.from({ length: 5 }, () => new TransmittableThreadLocal<string>());
    const p = pool(2);
    const threads = new Set<Thread>();
    await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        asRequest(
          locals.map((tl, i) => [tl, `r${n}-${i}`] as const),
          () =>
            p.submit(async () => {
              threads.add(Thread.currentThread());
              locals[n % 5]?.set('changed by the task');
              await nextMacrotask();
            }),
        ),
      ),
    );
    // The two pool threads were created by the first two requests and inherited their values.
    const own = [...threads].map((thread) => ownValues(thread, ...locals));
    expect(own.map((values) => values.every((value) => typeof value === 'string' && /^r[01]-/.test(value)))).toEqual([true, true]);
    await p.shutdown();
    await nextMacrotask();
    expect(frameHolders).toBe(before);
  });
});

describe('nesting and copy()', () => {
  it('carries the values a task holds into a task it submits to another pool', async () => {
    const tl = new TransmittableThreadLocal<string>();
    const extra = new TransmittableThreadLocal<string>();
    const outer = pool(1, 'outer');
    const inner = pool(1, 'inner');
    const result = await asRequest([[tl, 'request']], () =>
      outer.submit(async () => {
        extra.set('set in outer task');
        const nested = await inner.submit(() => [tl.get(), extra.get(), Thread.currentThread().name]);
        return [...nested, tl.get(), extra.get()];
      }),
    );
    expect(result).toEqual(['request', 'set in outer task', 'inner-thread-1', 'request', 'set in outer task']);
    expect(await inner.submit(() => [tl.get(), extra.get()])).toEqual([undefined, undefined]);
  });

  it('gives the task copy(value), taken at submit time on the submitter’s thread', async () => {
    interface Cart {
      items: string[];
    }
    const copiedOn: string[] = [];
    class CartLocal extends TransmittableThreadLocal<Cart> {
      protected override copy(parentValue: Cart): Cart {
        copiedOn.push(Thread.currentThread().name);
        return { items: [...parentValue.items] };
      }
    }
    const cart = new CartLocal();
    const p = pool(1);
    const original: Cart = { items: ['book'] };
    const inTask = await onNewThread(async () => {
      cart.set(original);
      const seen = await p.submit(() => {
        const mine = cart.get();
        mine.items.push('added by task');
        return mine;
      });
      return seen;
    }, 'submitter');
    expect(copiedOn).toEqual(['submitter']);
    expect(inTask).not.toBe(original);
    expect(inTask.items).toEqual(['book', 'added by task']);
    expect(original.items).toEqual(['book']);
  });

  it('lets an error from copy() reach the submitter: execute() throws, submit() rejects, nothing runs', async () => {
    class Uncopyable extends TransmittableThreadLocal<string> {
      protected override copy(): string {
        throw new Error('cannot copy');
      }
    }
    const tl = new Uncopyable();
    const p = pool(1);
    let ran = false;
    await onNewThread(async () => {
      tl.set('v');
      expect(() => {
        p.execute(() => (ran = true));
      }).toThrow('cannot copy');
      await expect(p.submit(() => (ran = true))).rejects.toThrow('cannot copy');
      tl.remove();
    });
    expect(await p.submit(() => ran)).toBe(false);
  });

  it('shares the same object by default (copy is identity), as TTL', async () => {
    const tl = new TransmittableThreadLocal<{ n: number }>();
    const p = pool(1);
    const value = { n: 1 };
    const same = await onNewThread(() => {
      tl.set(value);
      return p.submit(() => tl.get() === value);
    });
    expect(same).toBe(true);
  });

  it('calls beforeExecute() and afterExecute() on the pool thread around the task', async () => {
    const events: string[] = [];
    class Traced extends TransmittableThreadLocal<string> {
      protected override beforeExecute(): void {
        events.push(`before ${this.get()} on ${Thread.currentThread().name}`);
      }
      protected override afterExecute(): void {
        events.push(`after ${this.get()} on ${Thread.currentThread().name}`);
      }
    }
    const tl = new Traced();
    const p = pool(1, 'hooks');
    await asRequest([[tl, 'v']], () => p.submit(() => events.push(`task ${tl.get()}`)));
    expect(events).toEqual(['before v on hooks-thread-1', 'task v', 'after v on hooks-thread-1']);
  });

  it('sends a hook’s error to the uncaught exception handler and still runs and restores the task', async () => {
    class Failing extends TransmittableThreadLocal<string> {
      protected override beforeExecute(): void {
        throw new Error('before failed');
      }
      protected override afterExecute(): void {
        throw new Error('after failed');
      }
    }
    const tl = new Failing();
    const p = pool(1);
    const thread = await p.submit(() => Thread.currentThread());
    const handled: string[] = [];
    thread.setUncaughtExceptionHandler((_, error) => handled.push((error as Error).message));
    const seen = await asRequest([[tl, 'v']], () => p.submit(() => tl.get()));
    expect(seen).toBe('v');
    expect(handled).toEqual(['before failed', 'after failed']);
    expect(ownValues(thread, tl)).toEqual([undefined]);
  });
});

describe('InheritableThreadLocal semantics unchanged', () => {
  it('copies a transmittable value into a constructed Thread through childValue()', async () => {
    class Child extends TransmittableThreadLocal<string> {
      protected override childValue(parentValue: string): string {
        return `${parentValue}/child`;
      }
    }
    const tl = new Child();
    const seen = await onNewThread(() => {
      tl.set('parent');
      return onNewThread(() => tl.get());
    });
    expect(seen).toBe('parent/child');
  });

  it('does not transmit plain InheritableThreadLocals or ThreadLocals through the pool', async () => {
    const inherited = new InheritableThreadLocal<string>();
    const plain = new ThreadLocal<string>();
    const p = pool(1);
    await p.submit(() => undefined);
    const seen = await onNewThread(() => {
      inherited.set('i');
      plain.set('p');
      return p.submit(() => [inherited.get(), plain.get()]);
    });
    expect(seen).toEqual([undefined, undefined]);
  });
});

describe('retention', () => {
  it('keeps no TransmittableThreadLocal alive: neither a captured task nor a pool thread', async () => {
    const p = pool(1);
    const busy = block(p);
    let ref!: WeakRef<object>;
    const queued = await onNewThread(() => {
      const tl = new TransmittableThreadLocal<string>();
      ref = new WeakRef(tl);
      tl.set('value');
      return { result: p.submit(() => 'ran') };
    });
    // The queued task holds the captured value, keyed weakly: the ThreadLocal itself can go.
    expect(await collectUntil(() => ref.deref() === undefined)).toBe(true);
    busy.release();
    expect(await queued.result).toBe('ran');
  });

  it('keeps no transmitted value once the task has settled', async () => {
    const tl = new TransmittableThreadLocal<object>();
    const p = pool(1);
    await p.submit(() => undefined);
    let ref!: WeakRef<object>;
    await onNewThread(async () => {
      const value = { payload: 'x'.repeat(1000) };
      ref = new WeakRef(value);
      tl.set(value);
      await p.submit(() => tl.get());
      tl.remove();
    });
    expect(await collectUntil(() => ref.deref() === undefined)).toBe(true);
  });

  it('keeps the captured value while the task is queued (control: the retention tests can fail)', async () => {
    const tl = new TransmittableThreadLocal<object>();
    const p = pool(1);
    const busy = block(p);
    let ref!: WeakRef<object>;
    const queued = await onNewThread(() => {
      const value = { payload: 'queued' };
      ref = new WeakRef(value);
      tl.set(value);
      const result = p.submit(() => tl.get() === ref.deref());
      tl.remove();
      return { result };
    });
    expect(await collectUntil(() => ref.deref() === undefined, 5)).toBe(false);
    busy.release();
    expect(await queued.result).toBe(true);
  });
});

describe('ThreadLocal semantics of the transmittable storage', () => {
  it('supports withInitial, runWith and scope like any ThreadLocal', async () => {
    let calls = 0;
    const tl = TransmittableThreadLocal.withInitial(() => `initial-${++calls}`);
    expect(tl).toBeInstanceOf(TransmittableThreadLocal);
    expect(() => TransmittableThreadLocal.withInitial(1 as never)).toThrow(TypeError);
    const seen = await onNewThread(async () => {
      const out: string[] = [tl.get(), tl.get()];
      out.push(await tl.runWith('scoped', async () => {
        await nextMacrotask();
        return tl.get();
      }));
      out.push(tl.get());
      {
        using _ = tl.scope('in scope');
        out.push(tl.get());
      }
      out.push(tl.get());
      tl.remove();
      out.push(tl.get());
      return out;
    });
    expect(seen).toEqual(['initial-1', 'initial-1', 'scoped', 'initial-1', 'in scope', 'initial-1', 'initial-2']);
  });

  it('is listed by inspection and reported to the observer like map entries', async () => {
    const tl = new TransmittableThreadLocal<string>();
    const events: string[] = [];
    setThreadLocalObserver({
      entrySet: (_thread, threadLocal, _key, value, initial) => {
        if (threadLocal === tl) events.push(`set ${String(value)}${initial ? ' (initial)' : ''}`);
      },
      entryRemoved: (_thread, threadLocal) => {
        if (threadLocal === tl) events.push('removed');
      },
    });
    try {
      const listed = await onNewThread(() => {
        tl.set('v');
        const thread = Thread.currentThread();
        const entry = threadLocalEntries(thread).find((e) => e.threadLocal === tl);
        const count = threadLocalCount(thread);
        tl.remove();
        return { entry, count };
      });
      expect(listed.entry).toMatchObject({ value: 'v', stale: false, late: false });
      expect(listed.count).toBe(1);
      expect(events).toEqual(['set v', 'removed']);
    } finally {
      setThreadLocalObserver(null);
    }
  });

  it('reports an access from a terminated thread and keeps its value apart', async () => {
    const tl = new TransmittableThreadLocal<string>();
    const late: string[] = [];
    let escaped!: () => string;
    const thread = new Thread(() => {
      tl.set('while alive');
      escaped = () => {
        tl.set('after exit');
        return tl.get();
      };
    });
    await thread.start().join();
    setThreadLocalObserver({ terminatedThreadAccess: (_t, _tl, access) => late.push(access) });
    try {
      // Run the escaped callback in the terminated thread's context, as a timer it left would.
      expect(carrier.run(thread, escaped)).toBe('after exit');
    } finally {
      setThreadLocalObserver(null);
    }
    expect(late).toEqual(['set', 'get']);
    expect(threadLocalEntries(thread)).toMatchObject([{ value: 'after exit', late: true }]);
  });

  it('drops (and reports) the value of a collected TransmittableThreadLocal when the frame changes', async () => {
    const kept = new TransmittableThreadLocal<string>();
    let ref!: WeakRef<object>;
    const expunged: unknown[] = [];
    await onNewThread(async () => {
      (() => {
        const doomed = new TransmittableThreadLocal<string>();
        ref = new WeakRef(doomed);
        doomed.set('orphan');
      })();
      expect(await collectUntil(() => ref.deref() === undefined)).toBe(true);
      expect(threadLocalEntries(Thread.currentThread()).filter((e) => e.stale)).toHaveLength(1);
      setThreadLocalObserver({ entryExpunged: (_t, _k, value) => expunged.push(value) });
      try {
        kept.set('next');
      } finally {
        setThreadLocalObserver(null);
      }
      expect(threadLocalEntries(Thread.currentThread()).filter((e) => e.stale)).toHaveLength(0);
      kept.remove();
    });
    expect(expunged).toEqual(['orphan']);
  });
});
