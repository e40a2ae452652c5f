/**
 * Transmitter: capture/replay/restore for any executor, registration of plain ThreadLocals, and the
 * transmitting wrapper with release. GC tests run with --expose-gc and are bounded (collectUntil).
 */
import { collectUntil } from '@tlkit/testing/gc';
import pLimit from 'p-limit';
import { afterEach, describe, expect, it } from 'vitest';
import { IllegalStateError } from './errors.js';
import { InheritableThreadLocal } from './InheritableThreadLocal.js';
import { nextMacrotask, onNewThread } from './test-utils/threads.js';
import { Thread } from './Thread.js';
import { ThreadLocal } from './ThreadLocal.js';
import { ThreadPool } from './ThreadPool.js';
import { TransmittableThreadLocal } from './TransmittableThreadLocal.js';
import { Transmitter } from './Transmitter.js';

const registered: ThreadLocal<unknown>[] = [];
const pools: ThreadPool[] = [];
afterEach(async () => {
  for (const tl of registered.splice(0)) Transmitter.unregisterThreadLocal(tl);
  await Promise.all(pools.splice(0).map((p) => p.shutdown()));
});

/** A plain ThreadLocal registered for transmission until the end of the test. */
function registeredLocal<T>(copier?: (value: T) => T): ThreadLocal<T> {
  const tl = new ThreadLocal<T>();
  expect(Transmitter.registerThreadLocal(tl, copier)).toBe(true);
  registered.push(tl as ThreadLocal<unknown>);
  return tl;
}

describe('capture, replay, restore', () => {
  it('moves the values to another thread and puts that thread’s own back afterwards', async () => {
    const tl = new TransmittableThreadLocal<string>();
    const other = new TransmittableThreadLocal<string>();
    const captured = await onNewThread(() => {
      tl.set('parent');
      return Transmitter.capture();
    });
    const seen = await onNewThread(() => {
      tl.set('own');
      other.set('own other');
      const backup = Transmitter.replay(captured);
      const during = [tl.get(), other.get()];
      tl.set('changed in task');
      const added = new TransmittableThreadLocal<string>();
      added.set('added in task');
      Transmitter.restore(backup);
      return [...during, tl.get(), other.get(), added.get()];
    });
    // During: exactly the captured values (the thread's other transmittables hidden); after: its own.
    expect(seen).toEqual(['parent', undefined, 'own', 'own other', undefined]);
  });

  it('replays one capture many times, each on a clean slate', async () => {
    const tl = new TransmittableThreadLocal<string[]>();
    const captured = await onNewThread(() => {
      tl.set(['a']);
      return Transmitter.capture();
    });
    const runs = await onNewThread(() =>
      [1, 2].map(() =>
        Transmitter.runWithCaptured(captured, () => {
          const value = tl.get();
          tl.set([...value, 'b']);
          return tl.get();
        }),
      ),
    );
    expect(runs).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
  });

  it('clear() hides every transmittable value until the restore', async () => {
    const tl = new TransmittableThreadLocal<string>();
    const seen = await onNewThread(() => {
      tl.set('own');
      const backup = Transmitter.clear();
      const during = tl.get();
      Transmitter.restore(backup);
      return [during, tl.get()];
    });
    expect(seen).toEqual([undefined, 'own']);
  });

  it('restores on the thread of the replay, once', async () => {
    const tl = new TransmittableThreadLocal<string>();
    const captured = await onNewThread(() => {
      tl.set('captured');
      return Transmitter.capture();
    });
    let pending!: ReturnType<typeof Transmitter.replay>;
    const worker = new Thread(() => {
      tl.set('own');
      pending = Transmitter.replay(captured);
      return new Promise<void>((resolve) => setImmediate(resolve));
    });
    worker.start();
    await nextMacrotask();
    Transmitter.restore(pending); // from main: the restore still goes to the worker
    tl.set('main');
    Transmitter.restore(pending); // twice: nothing more
    expect(tl.get()).toBe('main');
    tl.remove();
    await worker.join();
  });

  it('runWithCaptured restores after a return, a throw and a rejection', async () => {
    const tl = new TransmittableThreadLocal<string>();
    const captured = await onNewThread(() => {
      tl.set('captured');
      return Transmitter.capture();
    });
    const seen = await onNewThread(async () => {
      tl.set('own');
      const out: unknown[] = [];
      out.push(Transmitter.runWithCaptured(captured, () => tl.get()), tl.get());
      expect(() =>
        Transmitter.runWithCaptured(captured, () => {
          throw new Error('sync');
        }),
      ).toThrow('sync');
      out.push(tl.get());
      const async = Transmitter.runWithCaptured(captured, async () => {
        await nextMacrotask();
        out.push(tl.get());
        throw new Error('async');
      });
      out.push(tl.get()); // still replayed: the async fn is pending
      await expect(async).rejects.toThrow('async');
      out.push(tl.get());
      return out;
    });
    expect(seen).toEqual(['captured', 'own', 'own', 'captured', 'captured', 'own']);
  });

  it('rejects what is not a capture or a backup', () => {
    expect(() => Transmitter.replay({} as never)).toThrow(TypeError);
    expect(() => Transmitter.restore({} as never)).toThrow(TypeError);
    expect(() => Transmitter.runWithCaptured(Transmitter.capture(), 1 as never)).toThrow(TypeError);
  });
});

describe('registerThreadLocal', () => {
  it('transmits a registered plain ThreadLocal through a pool, through its copier', async () => {
    const tl = registeredLocal<string>((value) => `${value} (copied)`);
    const p = new ThreadPool({ size: 1 });
    pools.push(p);
    const seen = await onNewThread(async () => {
      tl.set('request');
      const inTask = await p.submit(() => {
        const value = tl.get();
        tl.set('changed by task');
        return value;
      });
      return [inTask, tl.get()];
    });
    expect(seen).toEqual(['request (copied)', 'request']);
    expect(await p.submit(() => tl.get())).toBeUndefined();
  });

  it('transmits the absence of a value: the task does not see the pool thread’s own', async () => {
    const tl = registeredLocal<string>();
    const captured = await onNewThread(() => Transmitter.capture());
    const seen = await onNewThread(() => {
      tl.set('own');
      const during = Transmitter.runWithCaptured(captured, () => tl.get());
      return [during, tl.get()];
    });
    expect(seen).toEqual([undefined, 'own']);
  });

  it('stops after unregisterThreadLocal, and refuses what is transmittable anyway', async () => {
    const tl = new InheritableThreadLocal<string>();
    expect(Transmitter.registerThreadLocal(tl)).toBe(true);
    expect(Transmitter.registerThreadLocal(tl)).toBe(false);
    expect(Transmitter.isRegistered(tl)).toBe(true);
    expect(Transmitter.unregisterThreadLocal(tl)).toBe(true);
    expect(Transmitter.unregisterThreadLocal(tl)).toBe(false);
    expect(Transmitter.registerThreadLocal(new TransmittableThreadLocal<string>())).toBe(false);
    const captured = await onNewThread(() => {
      tl.set('not transmitted');
      return Transmitter.capture();
    });
    expect(Transmitter.runWithCaptured(captured, () => tl.get())).toBeUndefined();
    expect(() => Transmitter.registerThreadLocal({} as never)).toThrow(TypeError);
    expect(() => Transmitter.registerThreadLocal(new ThreadLocal(), 'x' as never)).toThrow(TypeError);
  });

  it('holds a registered ThreadLocal weakly', async () => {
    let ref!: WeakRef<object>;
    (() => {
      const tl = new ThreadLocal<string>();
      ref = new WeakRef(tl);
      Transmitter.registerThreadLocal(tl);
    })();
    expect(await collectUntil(() => ref.deref() === undefined)).toBe(true);
    // The next capture drops the registration of the collected ThreadLocal.
    Transmitter.capture();
  });
});

describe('wrap (TTL’s TtlRunnable / TtlWrappers)', () => {
  it('runs the function with the values of when it was wrapped, in the current thread or any executor', async () => {
    const requestId = new TransmittableThreadLocal<string>();
    const limit = pLimit(2);
    const seen = await onNewThread(async () => {
      requestId.set('at wrap');
      const inTimer = new Promise<string>((resolve) => {
        setTimeout(Transmitter.wrap(() => resolve(requestId.get())), 0);
      });
      const viaLimit = limit(Transmitter.wrap(() => requestId.get()));
      const direct = Transmitter.wrap((suffix: string) => `${requestId.get()}${suffix}`);
      requestId.set('after wrap');
      return [direct('!'), await inTimer, await viaLimit, requestId.get()];
    });
    expect(seen).toEqual(['at wrap!', 'at wrap', 'at wrap', 'after wrap']);
  });

  it('passes this and arguments through', () => {
    const target = { base: 40, add: Transmitter.wrap(function (this: { base: number }, n: number) { return this.base + n; }) };
    expect(target.add(2)).toBe(42);
  });

  it('with releaseAfterRun: runs once, then throws IllegalStateError', () => {
    const wrapper = Transmitter.wrap(() => 'ran', { releaseAfterRun: true });
    expect(wrapper.released).toBe(false);
    expect(wrapper()).toBe('ran');
    expect(wrapper.released).toBe(true);
    expect(() => wrapper()).toThrow(IllegalStateError);
  });

  it('refuses to wrap a wrapper, and unwrap() returns the original', () => {
    const fn = (): number => 1;
    const wrapper = Transmitter.wrap(fn);
    expect(() => Transmitter.wrap(wrapper)).toThrow(IllegalStateError);
    expect(Transmitter.unwrap(wrapper)).toBe(fn);
    expect(Transmitter.unwrap(fn)).toBe(fn);
    expect(() => Transmitter.wrap(fn, { releaseAfterRun: 'yes' as never })).toThrow(TypeError);
  });

  describe('retention of the captured value by a wrapper that stays reachable', () => {
    const tl = new TransmittableThreadLocal<object>();

    /** Wraps on a thread that then drops its own reference to the value. */
    async function wrapValue(options?: { releaseAfterRun: boolean }): Promise<{ wrapper: ReturnType<typeof Transmitter.wrap<[], unknown>>; ref: WeakRef<object> }> {
      return onNewThread(() => {
        const value = { payload: 'x'.repeat(1000) };
        tl.set(value);
        const wrapper = Transmitter.wrap(() => tl.get(), options);
        tl.remove();
        return { wrapper, ref: new WeakRef(value) };
      });
    }

    it('keeps it without release (control: the test can fail)', async () => {
      const { wrapper, ref } = await wrapValue();
      wrapper();
      expect(await collectUntil(() => ref.deref() === undefined, 5)).toBe(false);
      expect(wrapper()).toBe(ref.deref());
    });

    it('drops it after the run with releaseAfterRun', async () => {
      const { wrapper, ref } = await wrapValue({ releaseAfterRun: true });
      expect(wrapper()).toBe(ref.deref());
      expect(await collectUntil(() => ref.deref() === undefined)).toBe(true);
      expect(wrapper.released).toBe(true);
    });

    it('drops it when a never-run wrapper is released (a cancelled job)', async () => {
      const { wrapper, ref } = await wrapValue();
      wrapper.release();
      expect(await collectUntil(() => ref.deref() === undefined)).toBe(true);
      expect(() => wrapper()).toThrow(IllegalStateError);
    });

    it('drops it after an async run with releaseAfterRun, once the promise settled', async () => {
      const { wrapper, ref } = await onNewThread(() => {
        tl.set({ payload: 'async' });
        const w = Transmitter.wrap(
          async () => {
            await nextMacrotask();
            return tl.get();
          },
          { releaseAfterRun: true },
        );
        const valueRef = new WeakRef(tl.get());
        tl.remove();
        return { wrapper: w, ref: valueRef };
      });
      expect(await wrapper()).toBe(ref.deref());
      expect(await collectUntil(() => ref.deref() === undefined)).toBe(true);
    });
  });
});
