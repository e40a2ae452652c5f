import { Thread, ThreadLocal, ThreadPool, setThreadLocalObserver } from '@tlkit/core';
import { describe, expect, it, vi } from 'vitest';
import { auditPerTest } from '../../src/test-utils/audit.js';
import { nextMacrotask } from '@tlkit/testing/gc';
import { onNewThread } from '../../src/test-utils/threads.js';
import { relativeSite, siteRoot } from '../../src/detector/siteRoot.js';

class Session {
  readonly data = new Array<number>(1000).fill(7);
}

const { start, findings } = auditPerTest();

/** The `file:line:col` of the caller of this function, as the audit reports it (relative to the default root). */
function here(): string {
  const frame = (new Error().stack ?? '').split('\n')[2] ?? '';
  return relativeSite(/\((.*)\)$/.exec(frame)?.[1] ?? frame.replace(/^\s*at /, ''), siteRoot(undefined));
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

  it('advanced samples per ThreadLocal: the first set of each is captured, whatever the interval', async () => {
    // Created before the audit, so that they have no creation site and stay separate findings.
    const locals = Array.from({ length: 6 }, () => new ThreadLocal<number>());
    start({ level: 'advanced', samplingInterval: 3 });
    const pool = new ThreadPool({ size: 1, name: 'sampled' });
    // One set per task, each on its own ThreadLocal, so each is a separate finding. (Before the
    // adaptive sampling, one countdown served every ThreadLocal: only the 1st and the 4th had a site.)
    for (const local of locals) await pool.submit(() => local.set(1));
    const withSite = findings('left-behind').filter((f) => f.setSite !== undefined);
    expect(withSite).toHaveLength(6);
    await pool.shutdown();
  });

  it('advanced samples per ThreadLocal also when chained to an observer that watches set()', async () => {
    const locals = Array.from({ length: 6 }, () => new ThreadLocal<number>());
    let forwarded = 0;
    setThreadLocalObserver({ entrySet: () => void forwarded++ });
    const audit = start({ level: 'advanced', samplingInterval: 3 });
    try {
      const pool = new ThreadPool({ size: 1, name: 'chained' });
      for (const local of locals) await pool.submit(() => local.set(1));
      expect(findings('left-behind').filter((f) => f.setSite !== undefined)).toHaveLength(6);
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

describe('adaptive sampling at advanced (default samplingInterval)', () => {
  it('captures the first set of a new ThreadLocal, and the first set at its next new site', async () => {
    start({ level: 'advanced' });
    const session = new ThreadLocal<object>();
    const pool = new ThreadPool({ size: 1, name: 'first-sets' });
    let firstAt = '';
    let secondAt = '';
    await pool.submit(() => {
      firstAt = here(); session.set(new Session());
    });
    // A new value type: a finding of its own, left by the second set, at a second site.
    await pool.submit(() => {
      secondAt = here(); session.set(new Map());
    });
    const left = findings('left-behind');
    expect(lineOf(left.find((f) => f.valueType === 'Session')?.setSite)).toBe(lineOf(firstAt));
    expect(lineOf(left.find((f) => f.valueType === 'Map')?.setSite)).toBe(lineOf(secondAt));
    await pool.shutdown();
  });

  it('backs off at a known site: 10,000 sets at one line capture a handful of stacks', async () => {
    start({ level: 'advanced' });
    const counter = new ThreadLocal<number>();
    const capture = vi.spyOn(Error, 'captureStackTrace');
    try {
      await onNewThread(() => {
        for (let i = 0; i < 10_000; i++) {
          try {
            counter.set(i);
          } finally {
            counter.remove();
          }
        }
      });
      // Sets 1, 2, 4, then intervals drawn from the upper half of 8, 16, … 4096: at most 16
      // captures (one stack each), where one countdown of 1 in 128 took 79.
      expect(capture.mock.calls.length).toBeGreaterThanOrEqual(4);
      expect(capture.mock.calls.length).toBeLessThanOrEqual(16);
    } finally {
      capture.mockRestore();
    }
  });

  it('a value left behind at a site the backed-off sampling skipped gets its set site by its next occurrence', async () => {
    start({ level: 'advanced' });
    const tx = new ThreadLocal<object>();
    const pool = new ThreadPool({ size: 1, name: 'hunt' });
    // A hot and correct site: its sets back the ThreadLocal's sampler off to about 1 in 4096.
    await pool.submit(() => {
      for (let i = 0; i < 10_000; i++) {
        try {
          tx.set({ i });
        } finally {
          tx.remove();
        }
      }
    });
    let leakAt = '';
    const leak = (): void => {
      leakAt = here(); tx.set(new Session());
    };
    // Whether or not the first leak's set was sampled, it starts a hunt when it was not: the second is captured.
    await pool.submit(leak);
    await pool.submit(leak);
    const [left] = findings('left-behind');
    expect(left?.count).toBe(2);
    expect(lineOf(left?.setSite)).toBe(lineOf(leakAt));
    expect(left?.taskSite).toBeDefined();
    await pool.shutdown();
  });

  it('the hunt ends once the leak has its site: the hot site backs off again', async () => {
    start({ level: 'advanced' });
    const tx = new ThreadLocal<object>();
    const pool = new ThreadPool({ size: 1, name: 'hunt-ends' });
    const hot = (): void => {
      for (let i = 0; i < 10_000; i++) {
        try {
          tx.set({ i });
        } finally {
          tx.remove();
        }
      }
    };
    await pool.submit(hot);
    const leak = (): void => tx.set(new Session());
    await pool.submit(leak);
    await pool.submit(leak);
    expect(findings('left-behind')[0]?.setSite).toBeDefined();
    const capture = vi.spyOn(Error, 'captureStackTrace');
    try {
      await pool.submit(hot);
      expect(capture.mock.calls.length).toBeLessThanOrEqual(8);
    } finally {
      capture.mockRestore();
    }
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
