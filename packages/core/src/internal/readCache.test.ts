/**
 * The thread's one-entry read cache (`Thread.cachedKey` / `cachedValue`) in front of its map: it
 * must serve exactly what the map holds, and never keep a value or a thread reachable once the map
 * has let go of it (thread ended, entry removed, stale entry expunged). GC-dependent: run with
 * --expose-gc (the vitest config passes it); deterministic through collectUntil's bounded rounds.
 */
import { AsyncResource } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { collectGarbage, collectUntil } from '@tlkit/testing/gc';
import { setThreadLocalObserver } from '../observer.js';
import { onNewThread } from '../test-utils/threads.js';
import { Thread } from '../Thread.js';
import { ThreadLocal } from '../ThreadLocal.js';

describe('read cache retention (real GC)', () => {
  it('lets a value read by get() be collected once its thread ends, the Thread still referenced', async () => {
    const tl = new ThreadLocal<object>();
    let valueRef!: WeakRef<object>;
    const thread = new Thread(() => {
      const value = { payload: 'read through the cache' };
      valueRef = new WeakRef(value);
      tl.set(value);
      // Two reads: the first fills the cache, the second is served by it.
      if (tl.get() !== value || tl.get() !== value) throw new Error('cache served a wrong value');
    });
    await thread.start().join();
    expect(thread.cachedKey).toBeNull();
    expect(thread.cachedValue).toBeNull();
    expect(await collectUntil(() => valueRef.deref() === undefined)).toBe(true);
    // The ThreadLocal and the Thread are both still alive here: only the cache could have held it.
    expect(tl).toBeInstanceOf(ThreadLocal);
    expect(thread.isAlive()).toBe(false);
  });

  it('lets a cached value be collected after remove(), on a thread that is still running', async () => {
    const tl = new ThreadLocal<object>();
    await onNewThread(async () => {
      let valueRef!: WeakRef<object>;
      (() => {
        const value = { payload: 'removed' };
        valueRef = new WeakRef(value);
        tl.set(value);
        tl.get();
        tl.get();
      })();
      expect(Thread.currentThread().cachedValue).toBe(valueRef.deref());
      tl.remove();
      expect(Thread.currentThread().cachedKey).toBeNull();
      expect(await collectUntil(() => valueRef.deref() === undefined)).toBe(true);
      expect(tl.get()).toBeUndefined();
    });
  });

  it('lets a cached value be collected once set() replaced it', async () => {
    const tl = new ThreadLocal<object>();
    await onNewThread(async () => {
      let valueRef!: WeakRef<object>;
      (() => {
        const value = { payload: 'replaced' };
        valueRef = new WeakRef(value);
        tl.set(value);
        tl.get();
        tl.get();
      })();
      const next = { payload: 'next' };
      tl.set(next);
      expect(await collectUntil(() => valueRef.deref() === undefined)).toBe(true);
      expect(tl.get()).toBe(next);
    });
  });

  it('lets the cached value of a collected ThreadLocal go once its stale entry is expunged', async () => {
    await onNewThread(async () => {
      let valueRef!: WeakRef<object>;
      let keyRef!: WeakRef<ThreadLocal<object>>;
      (() => {
        const doomed = new ThreadLocal<object>();
        const value = { payload: 'stale and cached' };
        doomed.set(value);
        doomed.get();
        valueRef = new WeakRef(value);
        keyRef = new WeakRef(doomed);
      })();
      expect(await collectUntil(() => keyRef.deref() === undefined)).toBe(true);
      // Stale but not yet expunged: the map still holds the value, so may the cache.
      await collectGarbage();
      expect(valueRef.deref()).toBeDefined();
      // Crossing the resize threshold rehashes, which expunges every stale entry.
      const others = Array.from({ length: 11 }, () => new ThreadLocal<number>());
      others.forEach((tl, i) => tl.set(i));
      expect(await collectUntil(() => valueRef.deref() === undefined)).toBe(true);
      expect(others.every((tl, i) => tl.get() === i)).toBe(true);
    });
  });

  it('never keeps a forgotten, never-ending thread (or its value) reachable', async () => {
    const tl = new ThreadLocal<object>();
    let threadRef!: WeakRef<Thread>;
    let valueRef!: WeakRef<object>;
    (() => {
      const thread = new Thread(() => {
        const value = { payload: 'on a thread that never ends' };
        valueRef = new WeakRef(value);
        tl.set(value);
        tl.get();
        tl.get();
        return new Promise<never>(() => {});
      });
      threadRef = new WeakRef(thread);
      thread.start();
    })();
    // Let the task run (it starts on a microtask) before forgetting everything.
    await collectGarbage(1);
    expect(valueRef).toBeDefined();
    expect(await collectUntil(() => threadRef.deref() === undefined && valueRef.deref() === undefined)).toBe(true);
    expect(tl).toBeInstanceOf(ThreadLocal);
  });
});

describe('read cache coherence', () => {
  it('serves the latest set(), each thread its own value, and initialValue() again after remove()', async () => {
    let initial = 0;
    const tl = ThreadLocal.withInitial(() => ++initial);
    const other = new ThreadLocal<string>();
    await onNewThread(async () => {
      expect(tl.get()).toBe(1);
      expect(tl.get()).toBe(1);
      tl.set(10);
      expect(tl.get()).toBe(10);
      other.set('x');
      expect(other.get()).toBe('x');
      expect(tl.get()).toBe(10);
      const [a, b] = await Promise.all([
        onNewThread(() => {
          tl.set(20);
          return tl.get();
        }),
        onNewThread(() => tl.get()),
      ]);
      // Not inheritable: the second thread gets its own initial value, never this thread's cached one.
      expect([a, b]).toEqual([20, 2]);
      expect(tl.get()).toBe(10);
      tl.remove();
      expect(tl.get()).toBe(initial);
      expect(initial).toBe(3);
    });
  });

  it('sends every read on a terminated thread to the slow path, where the observer sees it', async () => {
    const tl = new ThreadLocal<string>();
    const late: string[] = [];
    let escaped!: () => string;
    const thread = new Thread(() => {
      tl.set('live');
      tl.get();
      // AsyncResource.bind keeps the thread's async context for later, as an escaped callback does.
      escaped = AsyncResource.bind(() => tl.get());
      if (escaped() !== 'live') throw new Error('cache missed the live value');
    });
    await thread.start().join();
    const previous = setThreadLocalObserver({ terminatedThreadAccess: (_t, _tl, access) => late.push(access) });
    try {
      expect(escaped()).toBeUndefined();
      expect(late).toEqual(['get']);
    } finally {
      setThreadLocalObserver(previous);
    }
  });
});

