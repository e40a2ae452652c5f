import { AsyncResource } from 'node:async_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { liveThreads, threadLocalCount, threadLocalEntries, threadLocalKeyOf, threadPoolOf } from './inspection.js';
import { setThreadLocalObserver, type ThreadLocalObserver } from './observer.js';
import { onNewThread } from './test-utils/threads.js';
import { Thread } from './Thread.js';
import { ThreadLocal } from './ThreadLocal.js';
import { ThreadPool } from './ThreadPool.js';

afterEach(() => {
  setThreadLocalObserver(null);
});

/** Records events as short strings, naming threads and thread-locals by labels. */
function recorder(labels: Map<object, string>): { events: string[]; observer: ThreadLocalObserver } {
  const events: string[] = [];
  const label = (o: object): string => labels.get(o) ?? (o instanceof Thread ? o.name : '?');
  return {
    events,
    observer: {
      threadStarted: (t) => events.push(`start ${label(t)}`),
      threadExiting: (t) => events.push(`exit ${label(t)} entries=${threadLocalEntries(t).length}`),
      taskSubmitted: (task) => events.push(`submitted #${task.kind}`),
      taskStarted: (t, task) => events.push(`task-start ${label(t)} ${task.kind}`),
      taskEnded: (t, task, failed) => events.push(`task-end ${label(t)} failed=${failed}`),
      entrySet: (t, tl, _key, value, initial) => events.push(`set ${label(t)} ${label(tl)}=${String(value)}${initial ? ' (initial)' : ''}`),
      entryRemoved: (t, tl) => events.push(`remove ${label(t)} ${label(tl)}`),
      terminatedThreadAccess: (t, tl, access) => events.push(`late ${access} ${label(t)} ${label(tl)}`),
    },
  };
}

describe('observer', () => {
  it('sees thread, task and entry events in order, with the pool thread', async () => {
    const tl = ThreadLocal.withInitial(() => 'init');
    const labels = new Map<object, string>([[tl, 'tl']]);
    const { events, observer } = recorder(labels);
    setThreadLocalObserver(observer);
    const pool = new ThreadPool({ size: 1, name: 'obs' });
    await pool.submit(() => {
      tl.get();
      tl.set('leak');
    });
    await pool.submit(() => {
      tl.remove();
    });
    await pool.shutdown();
    expect(events).toEqual([
      'submitted #submit',
      'start obs-thread-1',
      'task-start obs-thread-1 submit',
      'set obs-thread-1 tl=init (initial)',
      'set obs-thread-1 tl=leak',
      'task-end obs-thread-1 failed=false',
      'submitted #submit',
      'task-start obs-thread-1 submit',
      'remove obs-thread-1 tl',
      'task-end obs-thread-1 failed=false',
      'exit obs-thread-1 entries=0',
    ]);
  });

  it('reports code that runs on a terminated thread, on every access', async () => {
    const tl = new ThreadLocal<string>();
    const { events, observer } = recorder(new Map([[tl, 'tl']]));
    let escaped!: () => void;
    const thread = new Thread(
      () => {
        escaped = AsyncResource.bind(() => {
          tl.set('late');
          tl.get();
          tl.remove();
        });
      },
      { name: 'gone' },
    );
    await thread.start().join();
    setThreadLocalObserver(observer);
    escaped();
    expect(events).toEqual(['late set gone tl', 'set gone tl=late', 'late get gone tl', 'late remove gone tl', 'remove gone tl']);
  });

  it('is one slot: installing returns the previous observer, and bad observers are refused', () => {
    const first: ThreadLocalObserver = {};
    expect(setThreadLocalObserver(first)).toBeNull();
    expect(setThreadLocalObserver(null)).toBe(first);
    expect(() => setThreadLocalObserver('x' as unknown as ThreadLocalObserver)).toThrow(TypeError);
    expect(() => setThreadLocalObserver({ entrySet: 1 } as unknown as ThreadLocalObserver)).toThrow(
      new TypeError('observer.entrySet: 1 (expected: a function or undefined)'),
    );
  });

  it('calls methods with the observer as this, and reads them once, at install', () => {
    const tl = new ThreadLocal<number>();
    const seen: number[] = [];
    const observer = {
      base: 100,
      entrySet(this: { base: number }, _t: Thread, _tl: ThreadLocal<unknown>, _k: unknown, value: unknown): void {
        seen.push(this.base + Number(value));
      },
    } as ThreadLocalObserver & { base: number; entrySet: NonNullable<ThreadLocalObserver['entrySet']> };
    setThreadLocalObserver(observer);
    tl.set(1);
    observer.entrySet = () => seen.push(-1);
    tl.set(2);
    setThreadLocalObserver(observer);
    tl.set(3);
    tl.remove();
    expect(seen).toEqual([101, 102, -1]);
  });

  it('sees each ThreadLocal created while installed, with its key', () => {
    const created: number[] = [];
    setThreadLocalObserver({ threadLocalCreated: (_tl, key) => created.push(key.id) });
    const tl = new ThreadLocal();
    expect(created).toEqual([threadLocalKeyOf(tl).id]);
  });
});

describe('inspection', () => {
  it('lists live threads and their entries with the pool they belong to', async () => {
    const tl = new ThreadLocal<string>();
    const pool = new ThreadPool({ size: 1, name: 'insp' });
    const worker = await pool.submit(() => {
      tl.set('held');
      return Thread.currentThread();
    });
    expect(liveThreads()).toContain(worker);
    expect(threadPoolOf(worker)).toBe(pool);
    const entries = threadLocalEntries(worker);
    expect(entries).toHaveLength(1);
    expect(threadLocalCount(worker)).toBe(1);
    expect(entries[0]).toMatchObject({ threadLocal: tl, stale: false, value: 'held', late: false });
    expect(entries[0]?.key).toBe(threadLocalKeyOf(tl));
    await pool.shutdown();
    expect(liveThreads()).not.toContain(worker);
    expect(threadLocalEntries(worker)).toEqual([]);
    expect(threadLocalCount(worker)).toBe(0);
    expect(await onNewThread(() => threadPoolOf(Thread.currentThread()))).toBeUndefined();
  });
});
