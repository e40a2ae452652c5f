import { describe, expect, it } from 'vitest';
import { InheritableThreadLocal } from './InheritableThreadLocal.js';
import { onNewThread } from './test-utils/threads.js';
import { Thread } from './Thread.js';
import { ThreadLocal } from './ThreadLocal.js';

// Ported from OpenJDK test/jdk/java/lang/InheritableThreadLocal (Basic, ITLRemoveTest).
describe('InheritableThreadLocal', () => {
  it('passes values down a chain of threads through childValue(), evaluated at construction', async () => {
    class Depth extends InheritableThreadLocal<number> {
      protected override initialValue(): number {
        return 0;
      }
      protected override childValue(parentValue: number): number {
        return parentValue + 1;
      }
    }
    const depth = new Depth();
    const descend = (levels: number): Promise<number[]> =>
      onNewThread(async () => {
        const here = depth.get();
        return levels === 0 ? [here] : [here, ...(await descend(levels - 1))];
      });
    depth.set(0);
    try {
      expect(await descend(4)).toEqual([1, 2, 3, 4, 5]);
    } finally {
      depth.remove();
    }
  });

  it('copies at construction: later changes on either side are not shared', async () => {
    const itl = new InheritableThreadLocal<string>();
    await onNewThread(async () => {
      itl.set('parent-1');
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let childSaw: string | undefined;
      const child = new Thread(async () => {
        await gate;
        childSaw = itl.get();
        itl.set('child');
      });
      itl.set('parent-2');
      child.start();
      release();
      await child.join();
      expect(childSaw).toBe('parent-1');
      expect(itl.get()).toBe('parent-2');
    });
  });

  it('does not inherit plain ThreadLocals, removed values, or with inheritThreadLocals: false', async () => {
    const itl = new InheritableThreadLocal<string>();
    const plain = new ThreadLocal<string>();
    await onNewThread(async () => {
      itl.set('x');
      plain.set('y');
      const inherited = await onNewThread(() => [itl.get(), plain.get()]);
      expect(inherited).toEqual(['x', undefined]);
      let optedOut: string | undefined = 'unset';
      await new Thread(() => (optedOut = itl.get()), { inheritThreadLocals: false }).start().join();
      expect(optedOut).toBeUndefined();
      itl.remove();
      expect(await onNewThread(() => itl.get())).toBeUndefined();
    });
  });

  it('inherits from the constructing thread, not the starting one', async () => {
    const itl = new InheritableThreadLocal<string>();
    itl.set('main');
    try {
      const child = new Thread(() => itl.get());
      let seen: string | undefined;
      await onNewThread(async () => {
        itl.set('starter');
        await new Thread(() => (seen = itl.get())).start().join();
        expect(seen).toBe('starter');
      });
      let fromMain: string | undefined;
      await new Thread(() => (fromMain = itl.get())).start().join();
      expect(fromMain).toBe('main');
      await child.start().join();
    } finally {
      itl.remove();
    }
  });
});
