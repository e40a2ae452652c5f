import { describe, expect, it } from 'vitest';
import { onNewThread } from './test-utils/threads.js';
import { Thread } from './Thread.js';
import { ThreadLocal } from './ThreadLocal.js';

// Ported from OpenJDK test/jdk/java/lang/ThreadLocal: Basic, TLRemoveTest, InitialValue,
// ImmutableLocal, ThreadLocalSupplierTest — adapted to logical threads.
describe('ThreadLocal (OpenJDK Basic)', () => {
  it('gives each thread its own counter starting from initialValue()', async () => {
    class Counter extends ThreadLocal<number> {
      protected override initialValue(): number {
        return 0;
      }
    }
    const counter = new Counter();
    const seen = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        onNewThread(async () => {
          for (let i = 0; i < n; i++) {
            counter.set(counter.get() + 1);
            await Promise.resolve();
          }
          return counter.get();
        }),
      ),
    );
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(counter.get()).toBe(0);
  });
});

describe('ThreadLocal (OpenJDK TLRemoveTest)', () => {
  it('calls initialValue() again after remove(), and remove() of an absent entry is harmless', async () => {
    let calls = 0;
    const tl = ThreadLocal.withInitial(() => ++calls);
    await onNewThread(() => {
      tl.remove();
      expect(tl.get()).toBe(1);
      tl.set(100);
      expect(tl.get()).toBe(100);
      tl.remove();
      expect(tl.get()).toBe(2);
      tl.remove();
      tl.remove();
      expect(tl.get()).toBe(3);
    });
  });
});

describe('ThreadLocal (OpenJDK InitialValue)', () => {
  it('stores the initial value even when initialValue() uses other thread-locals and resizes the map', async () => {
    const others = Array.from({ length: 40 }, () => new ThreadLocal<number>());
    class Busy extends ThreadLocal<string> {
      protected override initialValue(): string {
        others.forEach((other, i) => other.set(i));
        return 'initial';
      }
    }
    const busy = new Busy();
    await onNewThread(() => {
      expect(busy.get()).toBe('initial');
      others.forEach((other, i) => expect(other.get()).toBe(i));
      expect(busy.get()).toBe('initial');
    });
  });

  it('calls initialValue() exactly once per thread until remove()', async () => {
    let calls = 0;
    class Once extends ThreadLocal<object> {
      protected override initialValue(): object {
        calls++;
        return {};
      }
    }
    const once = new Once();
    await onNewThread(() => {
      const first = once.get();
      expect(once.get()).toBe(first);
      expect(once.get()).toBe(first);
    });
    expect(calls).toBe(1);
  });
});

describe('ThreadLocal (OpenJDK ImmutableLocal)', () => {
  it('never goes through an overridden set() to store the initial value', async () => {
    class Immutable extends ThreadLocal<string> {
      protected override initialValue(): string {
        return Thread.currentThread().name;
      }
      override set(): void {
        throw new Error('immutable');
      }
    }
    const immutable = new Immutable();
    await expect(onNewThread(() => immutable.get(), 'worker-7')).resolves.toBe('worker-7');
    expect(() => immutable.set()).toThrow('immutable');
  });
});

describe('ThreadLocal.withInitial (OpenJDK ThreadLocalSupplierTest)', () => {
  it('rejects a supplier that is not a function with a TypeError', () => {
    expect(() => ThreadLocal.withInitial(null as unknown as () => number)).toThrow(
      new TypeError('supplier: null (expected: a function)'),
    );
    expect(() => ThreadLocal.withInitial(42 as unknown as () => number)).toThrow(TypeError);
  });

  it('calls the supplier once per thread and keeps values apart', async () => {
    let calls = 0;
    const tl = ThreadLocal.withInitial(() => ({ n: ++calls }));
    const [a, b] = await Promise.all([onNewThread(() => tl.get()), onNewThread(() => tl.get())]);
    expect(a).not.toBe(b);
    expect(calls).toBe(2);
  });

  it('propagates an error thrown by the supplier and stores nothing', async () => {
    let fail = true;
    const tl = ThreadLocal.withInitial(() => {
      if (fail) throw new Error('no value');
      return 'ok';
    });
    await onNewThread(() => {
      expect(() => tl.get()).toThrow('no value');
      fail = false;
      expect(tl.get()).toBe('ok');
    });
  });
});

describe('stored values', () => {
  it('treats set(undefined) and set(null) as stored values that hide initialValue()', async () => {
    const tl = ThreadLocal.withInitial<string | null | undefined>(() => 'initial');
    await onNewThread(() => {
      tl.set(undefined);
      expect(tl.get()).toBeUndefined();
      tl.set(null);
      expect(tl.get()).toBeNull();
      tl.remove();
      expect(tl.get()).toBe('initial');
    });
  });

  it('shares a value with every later continuation of the same thread', async () => {
    const tl = new ThreadLocal<string>();
    await onNewThread(async () => {
      tl.set('a');
      const seenLater = new Promise<string | undefined>((resolve) => setTimeout(() => resolve(tl.get()), 0));
      await Promise.resolve();
      expect(tl.get()).toBe('a');
      expect(await seenLater).toBe('a');
    });
  });

  it('isolates 200 threads interleaving awaits on 5 thread-locals', async () => {
    const locals = Array.from({ length: 5 }, () => new ThreadLocal<number>());
    const ok = await Promise.all(
      Array.from({ length: 200 }, (_, t) =>
        onNewThread(async () => {
          for (let round = 0; round < 5; round++) {
            locals.forEach((tl, i) => tl.set(t * 100 + i + round));
            await new Promise((resolve) => setImmediate(resolve));
            if (!locals.every((tl, i) => tl.get() === t * 100 + i + round)) return false;
          }
          return true;
        }),
      ),
    );
    expect(ok.every(Boolean)).toBe(true);
  });

  it('keeps 5,000 thread-locals on one thread through several resizes', async () => {
    const locals = Array.from({ length: 5000 }, () => new ThreadLocal<number>());
    await onNewThread(() => {
      locals.forEach((tl, i) => tl.set(i));
      const map = Thread.currentThread().threadLocals;
      expect(map?.size).toBe(5000);
      expect(map?.table.length).toBe(2 * 8192);
      expect(locals.every((tl, i) => tl.get() === i)).toBe(true);
      locals.filter((_, i) => i % 2 === 0).forEach((tl) => tl.remove());
      expect(locals.every((tl, i) => tl.get() === (i % 2 === 0 ? undefined : i))).toBe(true);
    });
  });
});

describe('runWith', () => {
  const tl = ThreadLocal.withInitial(() => 'initial');

  it('sets the value for a synchronous fn and removes it afterwards', async () => {
    await onNewThread(() => {
      expect(tl.runWith('inside', () => tl.get())).toBe('inside');
      const map = Thread.currentThread().threadLocals;
      expect(map === null || map.size === 0).toBe(true);
    });
  });

  it('restores a previous value when fn throws', async () => {
    await onNewThread(() => {
      tl.set('before');
      expect(() =>
        tl.runWith('inside', () => {
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(tl.get()).toBe('before');
    });
  });

  it('restores after the promise of an async fn settles, either way', async () => {
    await onNewThread(async () => {
      tl.set('before');
      const pending = tl.runWith('inside', async () => {
        await new Promise((resolve) => setImmediate(resolve));
        return tl.get();
      });
      expect(tl.get()).toBe('inside');
      await expect(pending).resolves.toBe('inside');
      expect(tl.get()).toBe('before');
      await expect(
        tl.runWith('inside', async () => {
          await Promise.resolve();
          throw new Error('async boom');
        }),
      ).rejects.toThrow('async boom');
      expect(tl.get()).toBe('before');
    });
  });

  it('rejects a fn that is not a function, leaving the state untouched', async () => {
    await onNewThread(() => {
      expect(() => tl.runWith('x', 'nope' as unknown as () => void)).toThrow(
        new TypeError("fn: 'nope' (expected: a function)"),
      );
      expect(tl.get()).toBe('initial');
    });
  });
});

describe('scope', () => {
  it('restores the previous state when disposed, once', async () => {
    const tl = new ThreadLocal<string>();
    await onNewThread(() => {
      tl.set('outer');
      {
        using _scope = tl.scope('inner');
        expect(tl.get()).toBe('inner');
      }
      expect(tl.get()).toBe('outer');
      const handle = tl.scope('again');
      handle[Symbol.dispose]();
      tl.set('changed');
      handle[Symbol.dispose]();
      expect(tl.get()).toBe('changed');
    });
  });

  it('removes the entry when there was none before', async () => {
    const tl = new ThreadLocal<number>();
    await onNewThread(() => {
      {
        using _scope = tl.scope(1);
      }
      const map = Thread.currentThread().threadLocals;
      expect(map === null || map.size === 0).toBe(true);
    });
  });
});
