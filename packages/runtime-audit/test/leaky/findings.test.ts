import { InheritableThreadLocal, Thread, ThreadLocal, ThreadPool, setThreadLocalObserver } from '@tlkit/core';
import { describe, expect, it } from 'vitest';
import { startAudit } from '../../src/startAudit.js';
import { auditPerTest } from '../../src/test-utils/audit.js';
import { collectUntil, nextMacrotask } from '@tlkit/testing/gc';
import { ParkedThread } from '../../src/test-utils/threads.js';

class Connection {
  readonly buffer = Buffer.alloc(64 * 1024);
}

const { start, findings } = auditPerTest();

/** Sets a value on `parked` through a ThreadLocal that nothing references afterwards. */
async function leakThroughForgottenThreadLocal(parked: ParkedThread): Promise<WeakRef<object>> {
  return parked.run(() => {
    const forgotten = new ThreadLocal<Connection>(); // site: forgotten
    forgotten.set(new Connection());
    return new WeakRef(forgotten);
  });
}

describe('stale-entry', () => {
  it('reports a value whose ThreadLocal was collected, with type, size, thread and age', async () => {
    const audit = start({ level: 'simple' });
    const parked = new ParkedThread('worker-a');
    const ref = await leakThroughForgottenThreadLocal(parked);
    expect(findings('stale-entry')).toEqual([]);
    expect(await collectUntil(() => ref.deref() === undefined)).toBe(true);
    const report = audit.scan();
    const stale = report.findings.filter((f) => f.kind === 'stale-entry');
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatchObject({ kind: 'stale-entry', thread: 'worker-a', valueType: 'Connection', count: 1 });
    expect(stale[0]?.retainedBytes).toBeGreaterThanOrEqual(64 * 1024);
    expect(stale[0]?.staleForMs).toBeGreaterThanOrEqual(0);
    expect(stale[0]?.threadLocalSite).toBeUndefined(); // simple: no stacks
    expect(report.stats.staleEntries).toBe(1);
    expect(report.stats.staleRetainedBytes).toBeGreaterThanOrEqual(64 * 1024);
    await parked.end();
  });

  it('does not report a live ThreadLocal, nor an entry that was removed', async () => {
    start();
    const parked = new ParkedThread('worker-b');
    const kept = new ThreadLocal<Connection>();
    const ref = await parked.run(() => {
      const removed = new ThreadLocal<Connection>();
      removed.set(new Connection());
      try {
        kept.set(new Connection());
      } finally {
        removed.remove();
      }
      return new WeakRef(removed);
    });
    expect(await collectUntil(() => ref.deref() === undefined)).toBe(true);
    expect(findings('stale-entry')).toEqual([]);
    await parked.end();
  });

  it('merges identical stale entries across threads with a count', async () => {
    start();
    const threads = [new ParkedThread('m-1'), new ParkedThread('m-2'), new ParkedThread('m-3')];
    const refs = await Promise.all(threads.map((t) => leakThroughForgottenThreadLocal(t)));
    expect(await collectUntil(() => refs.every((r) => r.deref() === undefined))).toBe(true);
    const stale = findings('stale-entry');
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatchObject({ count: 3, threads: ['m-1', 'm-2', 'm-3'] });
    expect(stale[0]?.totalRetainedBytes).toBeGreaterThanOrEqual(3 * 64 * 1024);
    await Promise.all(threads.map((t) => t.end()));
  });

  it('runs gc() for scan({ forceGc: true }) when it is exposed', async () => {
    const audit = start();
    const parked = new ParkedThread('worker-gc');
    const ref = await leakThroughForgottenThreadLocal(parked);
    await nextMacrotask();
    const report = audit.scan({ forceGc: true });
    expect(report.stats.gcForced).toBe(true);
    expect(ref.deref()).toBeUndefined();
    expect(report.findings.filter((f) => f.kind === 'stale-entry')).toHaveLength(1);
    await parked.end();
  });
});

describe('left-behind', () => {
  it('reports the task, pool thread, ThreadLocal and value type of a value a task did not remove', async () => {
    start();
    const pool = new ThreadPool({ size: 1, name: 'leaky' });
    const current = new ThreadLocal<Connection>();
    let taskThread = '';
    await pool.submit(() => {
      current.set(new Connection());
      taskThread = Thread.currentThread().name;
    });
    const left = findings('left-behind');
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({
      kind: 'left-behind',
      thread: taskThread,
      pool: 'leaky',
      valueType: 'Connection',
      taskKind: 'submit',
      count: 1,
    });
    expect(left[0]?.taskId).toBeTypeOf('number');
    expect(left[0]?.retainedBytes).toBeGreaterThanOrEqual(64 * 1024);
    expect(left[0]?.message).toContain('remove()');
    await pool.shutdown();
  });

  it('merges repeated leaks of one ThreadLocal with a count and first/last seen', async () => {
    const audit = start();
    const pool = new ThreadPool({ size: 2, name: 'repeat' });
    const current = new ThreadLocal<Connection>();
    for (let i = 0; i < 5; i++) {
      await pool.submit(() => {
        current.set(new Connection());
      });
    }
    const left = findings('left-behind');
    expect(left).toHaveLength(1);
    expect(left[0]?.count).toBe(5);
    expect(Date.parse(left[0]?.lastSeen ?? '')).toBeGreaterThanOrEqual(Date.parse(left[0]?.firstSeen ?? ''));
    expect(audit.scan().stats.leftBehind).toBe(5);
    await pool.shutdown();
  });

  it('reports async tasks that leave a value after an await', async () => {
    start();
    const pool = new ThreadPool({ size: 1, name: 'async' });
    const current = new ThreadLocal<string[]>();
    await pool.submit(async () => {
      await nextMacrotask();
      current.set(['a', 'b']);
    });
    expect(findings('left-behind')).toMatchObject([{ valueType: 'Array', pool: 'async' }]);
    await pool.shutdown();
  });

  it('produces no finding for remove() in finally, runWith, scope, or reads of unset thread-locals', async () => {
    const audit = start({ level: 'paranoid' });
    const pool = new ThreadPool({ size: 2, name: 'clean' });
    const current = new ThreadLocal<Connection>();
    const plain = new ThreadLocal<string>();
    for (let i = 0; i < 4; i++) {
      await pool.submit(() => {
        current.set(new Connection());
        try {
          plain.get(); // stores undefined, as in Java: retains nothing, not a finding
        } finally {
          current.remove();
        }
      });
      await pool.submit(() => current.runWith(new Connection(), () => current.get()));
      await pool.submit(async () => {
        await current.runWith(new Connection(), async () => {
          await nextMacrotask();
        });
      });
      await pool.submit(() => {
        using scope = current.scope(new Connection());
        current.get();
        void scope;
      });
      pool.execute(() => {
        current.set(new Connection());
        current.remove();
      });
    }
    await pool.shutdown();
    const report = audit.scan();
    expect(report.findings).toEqual([]);
    expect(report.stats.tasksObserved).toBe(20);
  });

  it('does not blame a clean task for what an earlier task left, even when it restores it', async () => {
    start();
    const pool = new ThreadPool({ size: 1, name: 'one' });
    const current = new ThreadLocal<Connection>();
    await pool.submit(() => {
      current.set(new Connection()); // the only leak
    });
    for (let i = 0; i < 3; i++) {
      await pool.submit(() => current.runWith(new Connection(), () => undefined));
      await pool.submit(() => current.get());
    }
    expect(findings('left-behind')).toMatchObject([{ count: 1 }]);
    await pool.shutdown();
  });

  it('does not report inherited values a pool thread starts with', async () => {
    start();
    const inherited = new InheritableThreadLocal<Connection>();
    inherited.set(new Connection());
    try {
      const pool = new ThreadPool({ size: 1, name: 'inherit' });
      // The inherited value is the subject here: the audit must not call it left behind.
      // eslint-disable-next-line @tlkit/no-inheritable-in-pool
      await pool.submit(() => inherited.get());
      expect(findings('left-behind')).toEqual([]);
      await pool.shutdown();
    } finally {
      inherited.remove();
    }
  });
});

describe('installation', () => {
  it('chains to the observer it found and restores it on stop()', async () => {
    const seen: string[] = [];
    const previous = { taskEnded: () => seen.push('taskEnded') };
    setThreadLocalObserver(previous);
    try {
      const audit = start();
      const pool = new ThreadPool({ size: 1 });
      const current = new ThreadLocal<number>();
      await pool.submit(() => current.set(1));
      expect(seen).toEqual(['taskEnded']);
      expect(findings('left-behind')).toHaveLength(1);
      audit.stop();
      expect(setThreadLocalObserver(null)).toBe(previous);
      await pool.shutdown();
    } finally {
      setThreadLocalObserver(null);
    }
  });

  it('leaves an observer installed later in place, and stops recording', async () => {
    const audit = start();
    const inner = startAudit();
    audit.stop();
    const pool = new ThreadPool({ size: 1 });
    const current = new ThreadLocal<number>();
    await pool.submit(() => current.set(1));
    expect(inner.scan().findings).toHaveLength(1);
    inner.stop();
    expect(setThreadLocalObserver(null)).toBeNull();
    await pool.shutdown();
  });
});
