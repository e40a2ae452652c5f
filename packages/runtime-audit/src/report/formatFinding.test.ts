import { describe, expect, it } from 'vitest';
import type { LeakFinding } from './formatFinding.js';
import { formatFinding } from './formatFinding.js';

const leftBehind: LeakFinding = {
  kind: 'left-behind',
  message: 'Task 4 ended without remove().',
  thread: 'jobs-thread-1',
  valueType: 'Connection',
  count: 3,
  threadLocalSite: '/app/src/tx.ts:8:34',
};

describe('formatFinding (the LEAK layout shared with tlkit report)', () => {
  it('leaves out what a finding read back from a file lacks: ids, threads, times', () => {
    expect(formatFinding(leftBehind, { level: 'paranoid', samplingInterval: 1 })).toBe(
      [
        'LEAK: left-behind (×3): Task 4 ended without remove().',
        '    ThreadLocal created at /app/src/tx.ts:8:34',
        '    value Connection',
        '    thread jobs-thread-1',
        '    See https://github.com/tlkit/tlkit/blob/main/docs/guide/staging.md#left-behind',
        '',
      ].join('\n'),
    );
  });

  it('bases the hint on the level and sampling the audit ran with: sampling 1 before paranoid', () => {
    const sampled = formatFinding(leftBehind, { level: 'advanced', samplingInterval: 4096 });
    expect(sampled).toContain('down to 1 in 4096 sets');
    expect(sampled.indexOf('TLKIT_AUDIT_SAMPLING=1')).toBeLessThan(sampled.indexOf('paranoid'));
    expect(sampled).not.toContain('raise it to advanced');
    const everySet = formatFinding(leftBehind, { level: 'advanced', samplingInterval: 1 });
    expect(everySet).not.toContain('TLKIT_AUDIT_SAMPLING');
    expect(everySet).toContain('stored before the audit started');
    expect(formatFinding(leftBehind, { level: 'simple', samplingInterval: 4096 })).toContain('raise it to advanced');
  });

  it('renders a kind it does not know without a docs anchor', () => {
    expect(formatFinding({ ...leftBehind, kind: 'future-kind' }, { level: 'paranoid', samplingInterval: 1 })).toContain(
      '    See https://github.com/tlkit/tlkit/blob/main/docs/guide/staging.md\n',
    );
  });
});
