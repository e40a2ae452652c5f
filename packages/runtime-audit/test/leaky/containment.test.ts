import { ThreadLocal, ThreadPool } from '@tlkit/core';
import { collectUntil } from '@tlkit/testing/gc';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditReport, Finding } from '../../src/report/AuditReport.js';
import { ParkedThread } from '../../src/test-utils/threads.js';
import { Detector } from '../../src/detector/Detector.js';
import { ErrorSink } from '../../src/detector/ErrorSink.js';
import { estimateSize } from '../../src/detector/estimateSize.js';

/*
 * One value that cannot be sized must never hide a finding: not its own, not the other entries of
 * its task or thread, not other threads, not later scans. The estimator no longer throws on any
 * value (estimateSize.test.ts); these tests inject the failure that is left (V8's stack or heap
 * limit) for one marked value, through the detector's `estimate` setting.
 */

/** Values whose sizing fails, as with an exhausted stack. */
const poisoned = new WeakSet<object>();
function poison<T extends object>(value: T): T {
  poisoned.add(value);
  return value;
}
const faulty: typeof estimateSize = (value, budget, work) => {
  if (typeof value === 'object' && value !== null && poisoned.has(value)) throw new RangeError('Maximum call stack size exceeded');
  return estimateSize(value, budget, work);
};

let detector: Detector | undefined;
const printed: string[] = [];
afterEach(() => {
  detector?.uninstall();
  detector = undefined;
  printed.length = 0;
});

function start(): Detector {
  detector = new Detector({
    level: 'simple',
    samplingInterval: 4096,
    maxFindings: 1000,
    maxRecords: 4,
    errors: new ErrorSink((line) => printed.push(line)),
    estimate: faulty,
  });
  detector.install();
  return detector;
}

const ofKind = (report: AuditReport, kind: Finding['kind']): Finding[] => report.findings.filter((f) => f.kind === kind);

describe('a value that cannot be sized hides nothing', () => {
  it('left-behind: its own finding (size unknown, with the reason) and the task’s other leaks', async () => {
    const audit = start();
    const bad = new ThreadLocal<object>();
    const good = new ThreadLocal<Buffer>();
    const pool = new ThreadPool({ size: 1, name: 'poisoned-task' });
    await pool.submit(() => {
      bad.set(poison({ odd: true }));
      good.set(Buffer.alloc(4096));
    });
    const report = audit.report(false);
    expect(report.stats.leftBehind).toBe(2);
    const left = ofKind(report, 'left-behind');
    expect(left.map((f) => f.valueType).sort()).toEqual(['Buffer', 'Object']);
    const unknown = left.find((f) => f.valueType === 'Object')!;
    expect(unknown.retainedBytes).toBeNull();
    expect(unknown.retainedBytesUnknown).toBe('sizing threw RangeError: Maximum call stack size exceeded');
    expect(left.find((f) => f.valueType === 'Buffer')!.retainedBytes).toBeGreaterThanOrEqual(4096);
    expect(report.stats.auditErrors).toBe(1);
    expect(printed).toHaveLength(1);
    await pool.shutdown();
  });

  it('set-at-shutdown: every value still set is reported', async () => {
    const audit = start();
    const bad = new ThreadLocal<object>();
    const good = new ThreadLocal<Buffer>();
    const pool = new ThreadPool({ size: 2, name: 'poisoned-shutdown' });
    await Promise.all([
      pool.submit(() => bad.set(poison({ odd: 1 }))),
      pool.submit(async () => {
        await null;
        good.set(Buffer.alloc(1024));
      }),
    ]);
    await pool.shutdown();
    const atShutdown = ofKind(audit.report(false), 'set-at-shutdown');
    expect(atShutdown.map((f) => f.valueType).sort()).toEqual(['Buffer', 'Object']);
    expect(atShutdown.find((f) => f.valueType === 'Object')!.retainedBytes).toBeNull();
  });

  it('stale entries: a poisoned one on main stops neither this scan, nor other threads, nor later scans', async () => {
    const audit = start();
    const parked = new ParkedThread('poisoned-other');
    const refs = [
      (() => {
        const local = new ThreadLocal<object>();
        local.set(poison({ onMain: true }));
        return new WeakRef(local);
      })(),
      await parked.run(() => {
        const local = new ThreadLocal<Buffer>();
        local.set(Buffer.alloc(2048));
        return new WeakRef(local);
      }),
    ];
    expect(await collectUntil(() => refs.every((ref) => ref.deref() === undefined))).toBe(true);
    for (let scan = 0; scan < 3; scan++) {
      const report = audit.report(false);
      const stale = ofKind(report, 'stale-entry');
      expect(stale.map((f) => f.thread).sort()).toEqual(['main', 'poisoned-other']);
      expect(stale.find((f) => f.thread === 'main')!.retainedBytes).toBeNull();
      expect(stale.find((f) => f.thread === 'poisoned-other')!.retainedBytes).toBeGreaterThanOrEqual(2048);
      expect(report.stats.staleEntries).toBe(2);
    }
    await parked.end();
  });
});

describe('names of threads and pools are read without running user code', () => {
  it('a pool subclass whose name is an accessor is reported as (unnamed), its getter never called', async () => {
    const audit = start();
    let getterCalls = 0;
    class SneakyPool extends ThreadPool {
      constructor() {
        super({ size: 1, name: 'sneaky' });
        Object.defineProperty(this, 'name', {
          get: () => {
            getterCalls++;
            return 'sneaky';
          },
        });
      }
    }
    const local = new ThreadLocal<Buffer>();
    const pool = new SneakyPool();
    await pool.submit(() => undefined); // core names its thread from the pool's name: user code, not the audit's
    getterCalls = 0;
    await pool.submit(() => local.set(Buffer.alloc(512)));
    const left = ofKind(audit.report(false), 'left-behind');
    expect(left.map((f) => [f.pool, f.thread])).toEqual([['(unnamed)', 'sneaky-thread-1']]);
    await pool.shutdown();
    expect(ofKind(audit.report(false), 'set-at-shutdown').map((f) => f.pool)).toEqual(['(unnamed)']);
    expect(getterCalls).toBe(0);
    // The stale poisoned value an earlier test left on main is still sized (and contained) here.
    expect(printed.filter((line) => !line.includes('sizing a value threw'))).toEqual([]);
  });
});
