import { Thread, ThreadLocal, ThreadPool, setThreadLocalObserver } from '@tlkit/core';
import { describe, expect, it, vi } from 'vitest';
import { auditPerTest } from '../../src/test-utils/audit.js';
import { nextMacrotask } from '@tlkit/testing/gc';
import { onNewThread } from '../../src/test-utils/threads.js';

class Session {
  readonly data = new Array<number>(1000).fill(7);
}

const { start, findings } = auditPerTest();

/** The `file:line:col` of the caller of this function, for asserting sites. */
function here(): string {
  const frame = (new Error().stack ?? '').split('\n')[2] ?? '';
  return /\((.*)\)$/.exec(frame)?.[1] ?? frame.replace(/^\s*at /, '');
}

function lineOf(site: string | undefined): string {
  return (site ?? '').replace(/:\d+$/, '');
}

describe('set-at-shutdown', () => {
  it("reports every value still set on a pool's threads when shutdown() ends them", async () => {
    start();
    const pool = new ThreadPool({ size: 2, name: 'tomcat' });
    const session = new ThreadLocal<Session>();
    const counter = new ThreadLocal<number>();
    await Promise.all([
      pool.submit(() => session.set(new Session())),
      pool.submit(async () => {
        await nextMacrotask();
        counter.set(1);
      }),
    ]);
    expect(findings('set-at-shutdown')).toEqual([]);
    await pool.shutdown();
    const atShutdown = findings('set-at-shutdown');
    expect(atShutdown.map((f) => f.valueType).sort()).toEqual(['Session', 'number']);
    for (const finding of atShutdown) {
      expect(finding.pool).toBe('tomcat');
      expect(finding.thread).toMatch(/^tomcat-thread-\d$/);
      expect(finding.message).toContain('shut down');
    }
    expect(atShutdown.find((f) => f.valueType === 'Session')?.retainedBytes).toBeGreaterThan(8000);
  });

  it('reports nothing for a clean pool, nor for a thread a failed execute() task ended', async () => {
    start();
    const pool = new ThreadPool({ size: 1, name: 'clean' });
    const session = new ThreadLocal<Session>();
    const failed = new Promise<void>((resolve) => {
      pool.execute(() => {
        Thread.currentThread().setUncaughtExceptionHandler(() => resolve());
        session.set(new Session());
        throw new Error('task failed');
      });
    });
    await failed;
    await pool.submit(() => session.runWith(new Session(), () => undefined));
    await pool.shutdown();
    expect(findings('set-at-shutdown')).toEqual([]);
  });
});

describe('terminated-thread-access', () => {
  it('reports code that used a ThreadLocal on a thread after it terminated (an escaped callback)', async () => {
    start({ level: 'advanced' });
    const session = new ThreadLocal<Session>();
    let site = '';
    const escaped = new Promise<void>((resolve) => {
      const thread = new Thread(
        () => {
          setImmediate(() => {
            site = here(); session.set(new Session());
            resolve();
          });
        },
        { name: 'request-7' },
      );
      thread.start();
    });
    await escaped;
    const late = findings('terminated-thread-access');
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ thread: 'request-7', access: 'set', valueType: 'unknown', count: 1 });
    expect(lineOf(late[0]?.accessSite)).toBe(lineOf(site));
    expect(late[0]?.message).toContain('after it terminated');
  });

  it('reports nothing for callbacks that finish before their thread ends', async () => {
    start();
    const session = new ThreadLocal<Session>();
    const thread = new Thread(async () => {
      await new Promise<void>((resolve) =>
        setImmediate(() => {
          session.runWith(new Session(), () => session.get());
          resolve();
        }),
      );
    });
    await thread.start().join();
    expect(findings('terminated-thread-access')).toEqual([]);
  });
});

describe('levels', () => {
  it('simple records no stack sites', async () => {
    start({ level: 'simple' });
    const session = new ThreadLocal<Session>();
    const pool = new ThreadPool({ size: 1 });
    await pool.submit(() => session.set(new Session()));
    const [left] = findings('left-behind');
    expect(left).toBeDefined();
    expect(left?.threadLocalSite).toBeUndefined();
    expect(left?.setSite).toBeUndefined();
    expect(left?.taskSite).toBeUndefined();
    expect(left?.records).toBeUndefined();
    await pool.shutdown();
  });

  it('advanced records the creation site of ThreadLocals created while installed, and sampled set/submit sites', async () => {
    const before = new ThreadLocal<Session>();
    start({ level: 'advanced', samplingInterval: 1 });
    const createdAt = here(); const session = new ThreadLocal<Session>();
    const pool = new ThreadPool({ size: 1, name: 'sites' });
    let setAt = '';
    const submitAt = here(); await pool.submit(() => {
      setAt = here(); session.set(new Session());
      before.set(new Session());
    });
    const left = findings('left-behind');
    const ofSession = left.find((f) => f.threadLocalSite !== undefined);
    expect(lineOf(ofSession?.threadLocalSite)).toBe(lineOf(createdAt));
    expect(lineOf(ofSession?.setSite)).toBe(lineOf(setAt));
    expect(lineOf(ofSession?.taskSite)).toBe(lineOf(submitAt));
    expect(ofSession?.initial).toBe(false);
    // Created before the audit: no creation site, but still reported (by id).
    const ofBefore = left.find((f) => f.threadLocalSite === undefined);
    expect(ofBefore?.threadLocalId).toBeTypeOf('number');
    expect(ofBefore?.setSite).toBeDefined();
    await pool.shutdown();
  });

  it('advanced samples set sites 1 in N', async () => {
    // Created before the audit, so that they have no creation site and stay separate findings.
    const locals = Array.from({ length: 6 }, () => new ThreadLocal<number>());
    start({ level: 'advanced', samplingInterval: 3 });
    const pool = new ThreadPool({ size: 1, name: 'sampled' });
    // One set per task, each on its own ThreadLocal, so each is a separate finding.
    for (const local of locals) await pool.submit(() => local.set(1));
    const withSite = findings('left-behind').filter((f) => f.setSite !== undefined);
    expect(withSite).toHaveLength(2); // the 1st and the 4th set
    await pool.shutdown();
  });

  it('advanced samples set sites 1 in N also when chained to an observer that watches set()', async () => {
    const locals = Array.from({ length: 6 }, () => new ThreadLocal<number>());
    let forwarded = 0;
    setThreadLocalObserver({ entrySet: () => void forwarded++ });
    const audit = start({ level: 'advanced', samplingInterval: 3 });
    try {
      const pool = new ThreadPool({ size: 1, name: 'chained' });
      for (const local of locals) await pool.submit(() => local.set(1));
      expect(findings('left-behind').filter((f) => f.setSite !== undefined)).toHaveLength(2);
      expect(forwarded).toBe(6);
      await pool.shutdown();
    } finally {
      audit.stop();
      setThreadLocalObserver(null);
    }
  });

  it('paranoid keeps the last few access records of an entry', async () => {
    start({ level: 'paranoid', maxRecords: 3 });
    const pool = new ThreadPool({ size: 1, name: 'records' });
    const session = new ThreadLocal<Session>();
    await pool.submit(() => {
      session.set(new Session());
      session.remove();
      session.get();
      session.set(new Session());
    });
    const [left] = findings('left-behind');
    expect(left?.records?.map((r) => r.op)).toEqual(['remove', 'initial', 'set']);
    expect(left?.records?.every((r) => r.site?.includes('events.test.ts'))).toBe(true);
    await pool.shutdown();
  });

  it('disabled installs nothing and reports nothing', async () => {
    const audit = start({ level: 'disabled' });
    const pool = new ThreadPool({ size: 1 });
    const session = new ThreadLocal<Session>();
    await pool.submit(() => session.set(new Session()));
    const report = audit.scan();
    expect(report.findings).toEqual([]);
    expect(report.stats.level).toBe('disabled');
    await pool.shutdown();
  });
});

describe('containment', () => {
  it('an error inside the audit never reaches the application, and is reported once', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const descriptor = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit');
    try {
      const audit = start({ level: 'advanced' });
      // A locked-down realm (SES-style) where stack capture throws: the audit must not care.
      Object.defineProperty(Error, 'stackTraceLimit', {
        configurable: true,
        get: () => 10,
        set: () => {
          throw new Error('Error.stackTraceLimit is locked');
        },
      });
      const created = [new ThreadLocal<number>(), new ThreadLocal<number>()];
      if (descriptor !== undefined) Object.defineProperty(Error, 'stackTraceLimit', descriptor);
      // The ThreadLocals whose creation the audit failed to record work as usual.
      await onNewThread(() => {
        for (const [i, local] of created.entries()) local.set(i);
        expect(created.map((local) => local.get())).toEqual([0, 1]);
      });
      expect(audit.scan().stats.auditErrors).toBe(2);
      const lines = stderr.mock.calls.map(([line]) => String(line)).filter((line) => line.includes('@tlkit/runtime-audit'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('Error.stackTraceLimit is locked');
    } finally {
      if (descriptor !== undefined) Object.defineProperty(Error, 'stackTraceLimit', descriptor);
      stderr.mockRestore();
    }
  });

  it('an error thrown by onReport is contained and reported once', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      let calls = 0;
      const audit = start({
        intervalMs: 1000,
        onReport: () => {
          calls++;
          throw new Error('sink down');
        },
      });
      vi.advanceTimersByTime(3000);
      expect(calls).toBe(3);
      const lines = stderr.mock.calls.map(([line]) => String(line)).filter((line) => line.includes('onReport'));
      expect(lines).toEqual([expect.stringContaining('sink down')]);
      expect(audit.scan().stats.auditErrors).toBe(3);
    } finally {
      stderr.mockRestore();
      vi.useRealTimers();
    }
  });
});
