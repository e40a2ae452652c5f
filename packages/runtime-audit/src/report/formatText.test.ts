import { describe, expect, it } from 'vitest';
import type { AuditReport, Finding } from './AuditReport.js';
import { formatChanges, formatText } from './formatText.js';

const stats = {
  level: 'simple',
  samplingInterval: 128,
  startedAt: '2026-11-22T09:00:00.000Z',
  scanDurationMs: 1.5,
  gcForced: false,
  liveThreads: 3,
  entries: 7,
  staleEntries: 0,
  staleRetainedBytes: 0,
  threadLocalsTracked: 2,
  tasksObserved: 10,
  leftBehind: 2,
  setAtShutdown: 0,
  terminatedThreadAccesses: 0,
  expungedEntries: 0,
  droppedFindings: 0,
  auditErrors: 0,
} as const;

const leftBehind: Finding = {
  kind: 'left-behind',
  id: '0123456789abcdef',
  message: 'Task 4 ended without remove(): its Connection value stays on pool thread "jobs-thread-1".',
  thread: 'jobs-thread-1',
  threads: ['jobs-thread-1', 'jobs-thread-2'],
  pool: 'jobs',
  valueType: 'Connection',
  retainedBytes: 14_336,
  threadLocalId: 3,
  taskId: 4,
  taskKind: 'submit',
  count: 2,
  firstSeen: '2026-11-22T09:00:30.000Z',
  lastSeen: '2026-11-22T09:05:55.000Z',
};

function report(level: AuditReport['stats']['level'], findings: Finding[]): AuditReport {
  return { schemaVersion: 1, createdAt: '2026-11-22T09:06:00.000Z', findings, stats: { ...stats, level } };
}

describe('formatText', () => {
  it('opens with LEAK:, shows the count once, the facts, how to get more detail and the docs link', () => {
    const text = formatText(report('simple', [leftBehind]));
    expect(text).toBe(
      [
        'LEAK: left-behind (×2): Task 4 ended without remove(): its Connection value stays on pool thread "jobs-thread-1".',
        '    value Connection, ~14.0 KiB each, ThreadLocal #3',
        '    threads jobs-thread-1, jobs-thread-2 (pool jobs); first seen 2026-11-22T09:00:30.000Z, last seen 2026-11-22T09:05:55.000Z',
        "    More detail: no stack sites are recorded at level simple; raise it to advanced (TLKIT_AUDIT_LEVEL=advanced, or startAudit({ level: 'advanced' })) to see where the ThreadLocal was created and set.",
        '    See https://github.com/tlkit/tlkit/blob/main/docs/guide/staging.md#left-behind',
        '',
      ].join('\n'),
    );
  });

  it('shows the sites an advanced audit recorded, and names the cheaper fix first for a sampled-out set site', () => {
    const text = formatText(
      report('advanced', [{ ...leftBehind, threadLocalSite: 'src/tx.ts:8:34', taskSite: 'src/jobs.ts:57:10' }]),
    );
    expect(text).toContain('    ThreadLocal created at src/tx.ts:8:34\n');
    expect(text).toContain('    task handed to submit() at src/jobs.ts:57:10\n');
    expect(text).toContain(
      '    More detail: set sites are sampled at level advanced (known sites down to 1 in 128 sets; a repeated leak gets its site from a later occurrence); ' +
        'to capture every set, lower the sampling (TLKIT_AUDIT_SAMPLING=1, or startAudit({ samplingInterval: 1 })), which costs far less than level paranoid; ' +
        'paranoid also records the last accesses.\n',
    );
  });

  it('does not suggest lower sampling when every set is already captured', () => {
    const text = formatText({ ...report('advanced', [{ ...leftBehind, threadLocalSite: 'src/tx.ts:8:34' }]), stats: { ...stats, level: 'advanced', samplingInterval: 1 } });
    expect(text).toContain('More detail: no set of this value was captured');
    expect(text).not.toContain('TLKIT_AUDIT_SAMPLING');
  });

  it('says so when there is nothing to report', () => {
    expect(formatText(report('simple', []))).toMatch(/^tlkit audit \(simple\): no leaks found; 3 threads, 7 entries scanned/);
  });

  it('formatChanges: new findings as full blocks, grown counts as one short LEAK: line each', () => {
    const stale: Finding = {
      ...leftBehind,
      kind: 'stale-entry',
      id: 'fedcba9876543210',
      message: 'A Buffer value is still held…',
      valueType: 'Buffer',
      threadLocalSite: 'src/cache.ts:4:20',
      count: 5,
    };
    const { pool: _pool, ...withoutPool } = stale;
    const late: Finding = { ...leftBehind, kind: 'terminated-thread-access', id: '00000000000000aa', valueType: 'unknown', access: 'get', accessSite: 'src/timer.ts:9:3', count: 2 };
    const r = report('advanced', [leftBehind, withoutPool, late]);
    const text = formatChanges(r, [{ finding: leftBehind, grownFrom: 1 }, { finding: withoutPool }, { finding: late, grownFrom: 1 }]);
    expect(text).toBe(
      `${formatText(r, [withoutPool])}\n` +
        'LEAK: left-behind (×2, +1): Connection value, ThreadLocal #3 (pool jobs)\n' +
        'LEAK: terminated-thread-access (×2, +1): get() on a terminated thread at src/timer.ts:9:3, ThreadLocal #3 (pool jobs)\n',
    );
    expect(formatChanges(r, [{ finding: withoutPool, grownFrom: 2 }])).toBe('LEAK: stale-entry (×5, +3): Buffer value, ThreadLocal created at src/cache.ts:4:20\n');
    expect(formatChanges(r, [])).toBe('');
  });
});
